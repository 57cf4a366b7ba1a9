package dev.daxscope.linux;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Touches mapped memory from Java. A SIGBUS during the access (device unbound, file truncated)
 * reaches Java as an InternalError ("a fault occurred in an unsafe memory access operation");
 * it is caught here and reported as a signal, and the JVM lives on.
 */
public final class Probe {
    private Probe() {
    }

    public static Outcome read(long address) {
        try {
            MemorySegment.ofAddress(address).reinterpret(1).get(ValueLayout.JAVA_BYTE, 0);
            return Outcome.ok();
        } catch (InternalError e) {
            return new Outcome.Signal("SIGBUS", "ADRERR", address, "R51", "the access raised SIGBUS (" + e.getMessage() + ")");
        }
    }

    public static Outcome write(long address, byte value) {
        try {
            MemorySegment.ofAddress(address).reinterpret(1).set(ValueLayout.JAVA_BYTE, 0, value);
            return Outcome.ok();
        } catch (InternalError e) {
            return new Outcome.Signal("SIGBUS", "ADRERR", address, "R51", "the access raised SIGBUS (" + e.getMessage() + ")");
        }
    }

    /** An errno number as daxscope's Errno (EIO when unknown). */
    public static Errno errno(int number) {
        return Errno.ofNumber(number).orElse(Errno.EIO);
    }
}
