package dev.daxscope.sim.sysfs;

import dev.daxscope.model.Outcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/** A node of the simulated sysfs: a directory, an attribute file or a symlink. */
public sealed interface SysfsNode {

    /** A directory; children sorted by name. */
    record Dir(Map<String, SysfsNode> children) implements SysfsNode {
        public Dir() {
            this(new TreeMap<>());
        }

        public Dir dir(String name) {
            return (Dir) children.computeIfAbsent(name, n -> new Dir());
        }

        public void file(String name, int mode, Supplier<String> read, Function<String, Outcome> write) {
            children.put(name, new File(mode, read, write));
        }

        public void link(String name, String absoluteTarget) {
            children.put(name, new Link(absoluteTarget));
        }
    }

    /** An attribute: {@code read} gives its text (with the kernel's trailing newline), {@code write} stores. */
    record File(int mode, Supplier<String> read, Function<String, Outcome> write) implements SysfsNode {
    }

    /** A symlink, held as an absolute path; written out relative, as the kernel shows it. */
    record Link(String target) implements SysfsNode {
    }
}
