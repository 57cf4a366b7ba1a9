package dev.daxscope.sim.kmem;

/** {@code /sys/devices/system/memory/memoryN}: one hot-pluggable block (R87). */
public final class MemoryBlock {
    private final long index;
    private final int node;
    private final String owner;
    private boolean online;
    private String zone;

    public MemoryBlock(long index, int node, String owner) {
        this.index = index;
        this.node = node;
        this.owner = owner;
        this.zone = "";
    }

    public long index() {
        return index;
    }

    public int node() {
        return node;
    }

    /** The dax device that hot-added the block, or {@code null} for boot memory. */
    public String owner() {
        return owner;
    }

    public boolean online() {
        return online;
    }

    public String zone() {
        return zone;
    }

    public void setOnline(boolean online, String zone) {
        this.online = online;
        this.zone = online ? zone : "";
    }
}
