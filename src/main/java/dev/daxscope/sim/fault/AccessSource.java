package dev.daxscope.sim.fault;

import dev.daxscope.sim.mm.SimProcess;

/** The accesses of one phase, as a function of their index, so any worker can take any of them. */
interface AccessSource {
    SimProcess process(long i);

    long address(long i);

    boolean isWrite(long i);

    /** Whether access {@code i} would consume poison; such accesses run after the phase, in index order. */
    boolean poisonedLine(long i);

    /** Target accesses per second, 0 for as fast as possible. */
    long rate();
}
