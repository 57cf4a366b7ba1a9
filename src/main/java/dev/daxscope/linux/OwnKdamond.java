package dev.daxscope.linux;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.damon.DamonState.AddressRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * daxscope's own kdamond on a real machine (only with writes allowed, every write audited by the
 * {@link Attributes} given): a new {@code kdamonds/N} after the machine's own, paddr operations,
 * one target whose regions are the chosen node's memory, and one {@code stat} scheme whose access
 * pattern matches every region, so that {@code update_schemes_tried_regions} publishes them all.
 * It never writes below another kdamond's directory; {@code nr_kdamonds} shrinks back only while
 * its kdamond is the last. Where DAMON_STAT holds DAMON it asks before pausing it and restores it
 * on {@link #close}. EBUSY (the DAMON sysfs lock, a kdamond starting or stopping) is retried
 * {@link #TRIES} times, then reported.
 */
public final class OwnKdamond implements AutoCloseable {
    static final String KDAMONDS = "/sys/kernel/mm/damon/admin/kdamonds";
    static final String STAT_ENABLED = "/sys/module/damon_stat/parameters/enabled";
    /** Attempts per write while the kernel answers EBUSY. */
    static final int TRIES = 10;
    /** The pause before the n-th retry is n times this, in milliseconds. */
    static final long BACKOFF_MS = 50;
    /** DAMON's maximum for the access pattern's unsigned long and unsigned int bounds. */
    private static final String ULONG_MAX = "18446744073709551615";
    private static final String UINT_MAX = "4294967295";

    /** How the kdamond reads and writes sysfs: a real machine's audited {@link SysfsWriter}, or a simulated tree. */
    public interface Attributes {
        Optional<String> read(String path);

        Outcome write(String path, String value);
    }

    private final Attributes sysfs;
    private final LongConsumer pause;
    private final int index;
    private final boolean statPaused;
    private boolean on;
    private List<String> undone = List.of();

    private OwnKdamond(Attributes sysfs, LongConsumer pause, int index, boolean statPaused) {
        this.sysfs = sysfs;
        this.pause = pause;
        this.index = index;
        this.statPaused = statPaused;
    }

    /** What {@link #start} did: the kdamond, or why there is none (everything it changed is undone). */
    public record Started(Optional<OwnKdamond> kdamond, Outcome outcome) {
    }

    /**
     * Starts a kdamond over {@code regions} (physical, a node's online memory blocks). When
     * DAMON_STAT runs, {@code pauseDamonStat} is asked first; no means nothing is written.
     * {@code pause} waits the given milliseconds between EBUSY retries.
     */
    public static Started start(Attributes sysfs, List<AddressRange> regions, BooleanSupplier pauseDamonStat, LongConsumer pause) {
        if (regions.isEmpty()) {
            return failed(Outcome.fail(Errno.EINVAL, "", "no online memory to monitor (DAMON's physical operations see System RAM only)"));
        }
        Optional<Integer> count = sysfs.read(KDAMONDS + "/nr_kdamonds").map(String::strip).flatMap(OwnKdamond::integer);
        if (count.isEmpty()) {
            return failed(Outcome.fail(Errno.ENOENT, "", KDAMONDS + "/nr_kdamonds cannot be read: no DAMON sysfs (5.18 and later)"));
        }
        boolean statOn = sysfs.read(STAT_ENABLED).map(v -> v.strip().equals("Y")).orElse(false);
        if (statOn && !pauseDamonStat.getAsBoolean()) {
            return failed(Outcome.fail(Errno.EBUSY, "", "DAMON_STAT holds DAMON and was not paused; nothing was changed"));
        }
        OwnKdamond k = new OwnKdamond(sysfs, pause, count.get(), statOn);
        Outcome o = statOn ? k.retried(STAT_ENABLED, "N") : Outcome.ok();
        if (o.isOk()) {
            o = k.retried(KDAMONDS + "/nr_kdamonds", Integer.toString(k.index + 1));
        }
        for (String[] w : o.isOk() ? k.setup(regions) : List.<String[]>of()) {
            o = k.retried(w[0], w[1]);
            if (!o.isOk()) {
                break;
            }
        }
        k.on = o.isOk();
        if (!o.isOk()) {
            k.close();
            return failed(o);
        }
        return new Started(Optional.of(k), o);
    }

    private static Started failed(Outcome why) {
        return new Started(Optional.empty(), why);
    }

    /** The writes that describe the kdamond and turn it on, in the order damo makes them. */
    private List<String[]> setup(List<AddressRange> regions) {
        String c = dir() + "/contexts/0";
        List<String[]> w = new ArrayList<>();
        w.add(new String[] {dir() + "/contexts/nr_contexts", "1"});
        w.add(new String[] {c + "/operations", "paddr"});
        w.add(new String[] {c + "/targets/nr_targets", "1"});
        w.add(new String[] {c + "/targets/0/regions/nr_regions", Integer.toString(regions.size())});
        for (int i = 0; i < regions.size(); i++) {
            w.add(new String[] {c + "/targets/0/regions/" + i + "/start", Long.toString(regions.get(i).start())});
            w.add(new String[] {c + "/targets/0/regions/" + i + "/end", Long.toString(regions.get(i).end())});
        }
        String s = c + "/schemes/0";
        w.add(new String[] {c + "/schemes/nr_schemes", "1"});
        w.add(new String[] {s + "/action", "stat"});
        for (String[] bound : List.of(new String[] {"sz", ULONG_MAX}, new String[] {"nr_accesses", UINT_MAX},
                new String[] {"age", UINT_MAX})) {
            w.add(new String[] {s + "/access_pattern/" + bound[0] + "/min", "0"});
            w.add(new String[] {s + "/access_pattern/" + bound[0] + "/max", bound[1]});
        }
        w.add(new String[] {dir() + "/state", "on"});
        return w;
    }

    /** {@code kdamonds/N}, this kdamond's directory. */
    public String dir() {
        return KDAMONDS + "/" + index;
    }

    public int index() {
        return index;
    }

    /** Asks the kernel to publish the regions as they are now in the scheme's {@code tried_regions} (read them with DamonReader). */
    public Outcome snapshot() {
        return retried(dir() + "/state", "update_schemes_tried_regions");
    }

    /** Empties {@code tried_regions}. */
    public Outcome clear() {
        return retried(dir() + "/state", "clear_schemes_tried_regions");
    }

    /**
     * Turns the kdamond off, removes its directory when it is still the last, and lets DAMON_STAT
     * run again if it was paused; safe to call twice. What could not be undone is in the outcome.
     */
    @Override
    public synchronized void close() {
        List<String> left = new ArrayList<>();
        if (on) {
            Outcome off = retried(dir() + "/state", "off");
            on = !off.isOk();
            if (on) {
                left.add("kdamond " + index + " still on: " + off);
            }
        }
        if (!on && sysfs.read(KDAMONDS + "/nr_kdamonds").map(String::strip).equals(Optional.of(Integer.toString(index + 1)))) {
            retried(KDAMONDS + "/nr_kdamonds", Integer.toString(index));
        }
        if (statPaused && !on) {
            Outcome back = retried(STAT_ENABLED, "Y");
            if (!back.isOk()) {
                left.add("DAMON_STAT not restored: " + back);
            }
        }
        undone = left;
    }

    /** What the last {@link #close} could not undo (empty when everything was); each names what is left and why. */
    public List<String> notUndone() {
        return undone;
    }

    /** A write retried while the kernel answers EBUSY, up to {@link #TRIES} attempts. */
    private Outcome retried(String path, String value) {
        Outcome o = sysfs.write(path, value + "\n");
        for (int attempt = 1; attempt < TRIES && busy(o); attempt++) {
            pause.accept(attempt * BACKOFF_MS);
            o = sysfs.write(path, value + "\n");
        }
        if (busy(o)) {
            return Outcome.fail(Errno.EBUSY, "", path + " stayed busy after " + TRIES + " attempts: " + o);
        }
        return o;
    }

    private static boolean busy(Outcome o) {
        return o instanceof Outcome.Failure f && f.errno() == Errno.EBUSY;
    }

    private static Optional<Integer> integer(String s) {
        try {
            return Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
