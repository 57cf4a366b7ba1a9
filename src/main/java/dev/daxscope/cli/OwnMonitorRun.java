package dev.daxscope.cli;

import dev.daxscope.linux.DamonReader;
import dev.daxscope.linux.OwnKdamond;
import dev.daxscope.linux.SysfsConfinement;
import dev.daxscope.linux.SysfsWriter;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.damon.DamonState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * {@code heat --allow-write}: daxscope's own kdamond over a node of a real machine for a while,
 * one snapshot of its regions, then everything undone (also on SIGTERM or Ctrl-C, through a
 * shutdown hook). Every write goes through the audited, confined writer.
 */
final class OwnMonitorRun {
    private OwnMonitorRun() {
    }

    /** Monitors node {@code node} under {@code sysRoot} for {@code millis}, then shows the state read with {@code show}. */
    static int run(Path sysRoot, Path auditLog, int node, long millis, boolean pauseDamonStat, PrintWriter err,
                   ToIntFunction<DamonState> show) {
        SysfsWriter writer = new SysfsWriter(sysRoot, auditLog);
        DamonState before = new DamonReader(sysRoot).read();
        OwnKdamond.Started started = OwnKdamond.start(attributes(writer), before.nodeMemory().getOrDefault(node, java.util.List.of()),
                () -> pauseDamonStat, OwnMonitorRun::pause);
        if (started.kdamond().isEmpty()) {
            err.println("daxscope heat: no monitor started: " + started.outcome()
                    + (started.outcome().explanation().contains("DAMON_STAT") ? " (--pause-damon-stat allows pausing it)" : ""));
            return 1;
        }
        OwnKdamond k = started.kdamond().get();
        Thread undo = new Thread(k::close, "daxscope-damon-undo");
        Runtime.getRuntime().addShutdownHook(undo);
        try {
            pause(millis);
            Outcome snapshot = k.snapshot();
            if (!snapshot.isOk()) {
                err.println("daxscope heat: no snapshot of kdamond " + k.index() + ": " + snapshot);
                return 1;
            }
            return show.applyAsInt(new DamonReader(sysRoot).read());
        } finally {
            k.close();
            try {
                Runtime.getRuntime().removeShutdownHook(undo);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway; close() is safe twice.
            }
            k.notUndone().forEach(left -> err.println("daxscope heat: not undone: " + left));
        }
    }

    private static OwnKdamond.Attributes attributes(SysfsWriter writer) {
        SysfsConfinement confinement = writer.confinement();
        return new OwnKdamond.Attributes() {
            @Override
            public Optional<String> read(String path) {
                SysfsConfinement.Resolution where = confinement.resolve(path);
                if (!where.allowed()) {
                    return Optional.empty();
                }
                SysfsWriter.Read r = SysfsWriter.read(where.file(), path);
                return r.outcome().isOk() ? Optional.of(r.text()) : Optional.empty();
            }

            @Override
            public Outcome write(String path, String value) {
                return writer.write(path, value);
            }
        };
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
