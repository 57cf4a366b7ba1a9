package dev.daxscope.scenario;

import dev.daxscope.sim.kmem.MemoryHotplug;
import java.util.Map;

/**
 * The limits Linux puts on a machine, applied to the machine a script builds so an impossible one
 * is a malformed script rather than a hang or an OutOfMemoryError: at most MAX_NUMNODES (1024)
 * NUMA nodes, physical addresses within MAX_PHYSMEM_BITS (52), ids that fit an int, and memory
 * blocks (boot RAM and dax regions, in {@code block=} units) few enough for the simulator to hold.
 */
final class MachineBounds {
    /** include/linux/numa.h with CONFIG_NODES_SHIFT=10, the x86-64 maximum. */
    public static final int MAX_NUMNODES = 1024;
    /** arch/x86/include/asm/sparsemem.h with 5-level paging. */
    static final int MAX_PHYSMEM_BITS = 52;
    /** The simulator creates and lists every memory block: 8 TiB of 128M blocks, 128 TiB of 2G blocks. */
    static final long MAX_BLOCKS = 1 << 16;

    /** Where a statement steps outside the limits, and why. */
    record Violation(Token at, String why) {
    }

    private long blockSize = MemoryHotplug.DEFAULT_BLOCK;
    private long blocks = MemoryHotplug.DEFAULT_RAM / MemoryHotplug.DEFAULT_BLOCK;

    /** {@code memory block= nodes= ram=} (the parser has checked the syntax and block=). */
    Violation memory(Map<String, Token> options) {
        Token block = options.get("block");
        blockSize = block == null ? MemoryHotplug.DEFAULT_BLOCK : ScriptNumbers.parseSize(block.text());
        Token nodes = options.get("nodes");
        if (nodes != null) {
            long n = ScriptNumbers.parseIntOrNull(nodes.text());
            if (n < 1 || n > MAX_NUMNODES) {
                return new Violation(nodes, "nodes=" + nodes.text() + " is outside 1.." + MAX_NUMNODES + " (Linux's MAX_NUMNODES)");
            }
        }
        Token ram = options.get("ram");
        long bytes = ram == null ? MemoryHotplug.DEFAULT_RAM : ScriptNumbers.parseSize(ram.text());
        if (ram != null && Long.compareUnsigned(bytes, 1L << MAX_PHYSMEM_BITS) > 0) {
            return new Violation(ram, "ram=" + ram.text() + " ends beyond 2^" + MAX_PHYSMEM_BITS
                    + " bytes, past the last physical address Linux supports");
        }
        blocks = bytes / blockSize;
        return ram != null && blocks > MAX_BLOCKS ? tooManyBlocks(ram, "ram=" + ram.text()) : null;
    }

    /** {@code region NAME KIND start= size= [align=] [id=] [target_node=] [numa_node=]}. */
    Violation region(Map<String, Token> options) {
        Token start = options.get("start");
        Token size = options.get("size");
        long first = ScriptNumbers.parseSize(start.text());
        long length = ScriptNumbers.parseSize(size.text());
        long limit = 1L << MAX_PHYSMEM_BITS;
        if (Long.compareUnsigned(first, limit) >= 0 || Long.compareUnsigned(length, limit - first) > 0) {
            return new Violation(Long.compareUnsigned(first, limit) >= 0 ? start : size, "the region [" + start.text()
                    + ", +" + size.text() + ") ends beyond 2^" + MAX_PHYSMEM_BITS
                    + " bytes, past the last physical address Linux supports");
        }
        Token align = options.get("align");
        if (align != null) {
            long a = ScriptNumbers.parseSize(align.text());
            if (Long.bitCount(a) != 1 || a < 4096 || a > (1L << 30)) {
                return new Violation(align, "align=" + align.text() + " is not a power of two from 4K to 1G");
            }
        }
        Violation v = within(options.get("id"), 0, Integer.MAX_VALUE, "a region id");
        for (String node : new String[] {"target_node", "numa_node"}) {
            v = v != null ? v : within(options.get(node), -1, MAX_NUMNODES - 1, "a NUMA node (-1 for none)");
        }
        if (v != null) {
            return v;
        }
        blocks += (length + blockSize - 1) / blockSize;
        return blocks > MAX_BLOCKS ? tooManyBlocks(size, "with this region, the machine") : null;
    }

    private static Violation within(Token t, long min, long max, String what) {
        if (t == null) {
            return null;
        }
        long v = ScriptNumbers.parseIntOrNull(t.text());
        return v < min || v > max ? new Violation(t, t.text() + " is not " + what + " (" + min + ".." + max + ")") : null;
    }

    private Violation tooManyBlocks(Token at, String what) {
        return new Violation(at, what + " needs " + blocks + " memory blocks of " + ScenarioRunner.sizeText(blockSize)
                + "; the simulator holds at most " + MAX_BLOCKS + " (a larger block= holds more memory)");
    }
}
