package dev.daxscope.cli;

/** A CXL node with a cold process allocated first and a hot one after it, a kdamond over it, and a devdax pmem device. */
public final class HeatCommandTestMachine {
    public static final String TEXT = """
            kernel 6.18
            memory block=128M auto_online=online_movable ram=4G
            region X cxl start=0x1080000000 size=1G target_node=1
            region D pmem start=0x200000000 size=1G target_node=2
            spawn COLD
            spawn HOT
            COLD alloc len=256M node=1
            HOT alloc len=256M node=1
            HOT work
            monitor node=1
            elapse 3s
            """;

    private HeatCommandTestMachine() {
    }
}
