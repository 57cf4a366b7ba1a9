package dev.daxscope.daxctl;

import dev.daxscope.model.Outcome;
import java.util.List;

/** The sysfs that daxctl reads and writes: the simulated one or a real {@code /sys}. */
public interface SysfsAccess {

    /** File text without its trailing newline, or the failure. */
    record Text(String text, Outcome outcome) {
        public boolean ok() {
            return outcome.isOk();
        }
    }

    Text read(String path);

    /** One {@code write(2)} of {@code value} (daxctl writes without a newline). */
    Outcome write(String path, String value);

    /** Directory entries, empty if absent. */
    List<String> list(String path);
}
