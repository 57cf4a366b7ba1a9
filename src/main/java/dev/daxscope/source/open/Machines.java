package dev.daxscope.source.open;

import dev.daxscope.source.DaxSource;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Opens a machine as a {@link DaxSource} without its caller naming the adapter behind it: the
 * inspector knows the port only, whichever machine the person picks.
 */
public final class Machines {
    private Machines() {
    }

    /** The demo simulated machine, under its own kernel profile. */
    public static DaxSource demo() {
        return SimulatedSource.demo();
    }

    /** This machine's /sys and /proc, read-only. */
    public static DaxSource thisMachine() {
        return LinuxSource.thisMachine();
    }

    /** Whether daxscope runs as root, which decides what "cannot read" on this machine means. */
    public static boolean runningAsRoot() {
        return LinuxSource.runningAsRoot();
    }

    /** A capture ({@code daxscope capture}): a directory or a .tar.gz, read-only. */
    public static DaxSource snapshot(Path capture) throws IOException {
        return Snapshots.open(capture);
    }

    /** A simulated machine built by a .dax script. */
    public static DaxSource machineFile(Path script) throws MachineLoader.LoadFailure {
        return MachineLoader.source(script);
    }

    /** The same, its events stamped by {@code nanoClock} (a fixed clock renders the same picture every time). */
    public static DaxSource machineFile(Path script, LongSupplier nanoClock) throws MachineLoader.LoadFailure {
        return MachineLoader.source(script, nanoClock);
    }
}
