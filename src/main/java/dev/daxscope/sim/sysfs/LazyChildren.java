package dev.daxscope.sim.sysfs;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A directory's entries where most are made only when asked for: fixed entries (put as usual)
 * plus one per name of a live collection, built by {@code make} on lookup. A path lookup costs
 * what it touches, so a machine with thousands of memory blocks does not rebuild them all for
 * each read or write; only listing a directory (ls, export) makes every entry.
 */
final class LazyChildren extends AbstractMap<String, SysfsNode> {
    private final TreeMap<String, SysfsNode> fixed = new TreeMap<>();
    private final Supplier<? extends Collection<String>> names;
    private final Function<String, SysfsNode> make;

    /** {@code make} answers null for a name that is not (or no longer) there. */
    LazyChildren(Supplier<? extends Collection<String>> names, Function<String, SysfsNode> make) {
        this.names = names;
        this.make = make;
    }

    @Override
    public SysfsNode get(Object key) {
        SysfsNode f = fixed.get(key);
        return f != null || !(key instanceof String name) ? f : make.apply(name);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public SysfsNode put(String key, SysfsNode value) {
        return fixed.put(key, value);
    }

    @Override
    public Set<Entry<String, SysfsNode>> entrySet() {
        TreeMap<String, SysfsNode> all = new TreeMap<>(fixed);
        for (String name : names.get()) {
            SysfsNode n = make.apply(name);
            if (n != null) {
                all.putIfAbsent(name, n);
            }
        }
        return all.entrySet();
    }
}
