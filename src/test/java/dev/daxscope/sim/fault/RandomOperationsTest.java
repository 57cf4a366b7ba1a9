package dev.daxscope.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.SimInspector;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.mm.Vma;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of mm operations (mmap, munmap, mprotect, madvise, mremap, accesses,
 * parallel access bursts, fork, exit, pin/get/release, unbind/bind, poison). The invariant
 * checker stays at zero violations, and a 1-worker and a 2-worker run of each seed end in the
 * same state. {@code -Psoak} runs ten times longer.
 */
class RandomOperationsTest {
    private static final int SEEDS = 20;
    private static final int OPS = Boolean.getBoolean("daxscope.soak") ? 1_000_000 : 100_000;
    private static final int CHECK_EVERY = 2_000;

    @Test
    void randomOperationsKeepInvariantsAndAreWorkerCountIndependent() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            String one = run(seed, 1);
            String two = run(seed, 2);
            assertThat(two).as("seed %d: final state with 2 workers vs 1", seed).isEqualTo(one);
        }
    }

    private static String run(long seed, int workers) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        KernelProfile profile = seed % 5 == 0 ? KernelProfile.V6_12 : seed % 7 == 0 ? KernelProfile.V6_15 : KernelProfile.V6_16;
        Kernel k = FaultEngineTest.machine(profile);
        SimInspector inspector = new SimInspector(k);
        MemoryManager mm = k.mm();
        var slot = mm.defaultContext();
        List<SimProcess> procs = new ArrayList<>();
        List<long[]> maps = new ArrayList<>();
        List<int[]> handles = new ArrayList<>();
        try (FaultEngine engine = new FaultEngine(k, workers)) {
            for (int op = 0; op < OPS; op++) {
                int kind = rnd.nextInt(100);
                if (procs.isEmpty() || kind < 3) {
                    procs.add(k.spawn("p" + procs.size()));
                    continue;
                }
                SimProcess p = procs.get(rnd.nextInt(procs.size()));
                String dev = rnd.nextInt(3) == 0 ? "dax0.2" : "dax0.1";
                if (kind < 10) {
                    int fd = mm.open(p, "/dev/" + dev, rnd.nextInt(8) != 0).fd();
                    long len = (rnd.nextInt(8) + 1) * (dev.equals("dax0.2") ? 4096L * (1 + rnd.nextInt(64)) : 2L << 20);
                    long off = rnd.nextInt(4) * (dev.equals("dax0.2") ? 4096L : 2L << 20);
                    long addr = mm.mmap(p, fd, new MemoryManager.MmapRequest(len, off, rnd.nextInt(10) != 0,
                            rnd.nextInt(6) != 0, null, rnd.nextInt(10) == 0, false)).address();
                    if (addr != 0) {
                        maps.add(new long[] {p.pid(), addr, len});
                    }
                } else if (kind < 55) {
                    access(rnd, mm, slot, p);
                } else if (kind < 57) {
                    List<FaultEngine.Access> batch = new ArrayList<>();
                    for (int i = 0; i < 64; i++) {
                        SimProcess q = procs.get(rnd.nextInt(procs.size()));
                        Vma v = randomVma(rnd, q);
                        if (v != null) {
                            batch.add(new FaultEngine.Access(q, v.start() + (rnd.nextLong(v.length()) & ~0xfffL), rnd.nextBoolean()));
                        }
                    }
                    engine.runBatch(batch);
                } else if (kind < 63) {
                    Vma v = randomVma(rnd, p);
                    if (v != null) {
                        long a = v.start() + (rnd.nextLong(v.length()) & ~0xfffL);
                        mm.munmap(p, a, (rnd.nextInt(4) + 1) * (rnd.nextBoolean() ? 4096L : 2L << 20));
                    }
                } else if (kind < 68) {
                    Vma v = randomVma(rnd, p);
                    if (v != null) {
                        long a = v.start() + (rnd.nextLong(v.length()) & ~0xfffL);
                        String adv = new String[] {"dontneed", "nohugepage", "hugepage"}[rnd.nextInt(3)];
                        mm.madvise(p, a, (rnd.nextInt(4) + 1) * 4096L * (rnd.nextBoolean() ? 1 : 512), adv);
                    }
                } else if (kind < 71) {
                    Vma v = randomVma(rnd, p);
                    if (v != null) {
                        mm.mprotect(p, v.start(), v.length(), rnd.nextBoolean());
                    }
                } else if (kind < 73) {
                    Vma v = randomVma(rnd, p);
                    if (v != null) {
                        mm.mremap(p, v.start(), v.length(), v.length() * (rnd.nextBoolean() ? 2 : 1) / (rnd.nextBoolean() ? 2 : 1),
                                rnd.nextBoolean());
                    }
                } else if (kind < 76) {
                    if (p.alive()) {
                        procs.add(mm.fork(p, p.name() + "c"));
                    }
                } else if (kind < 78) {
                    mm.exit(p);
                } else if (kind < 84) {
                    Vma v = randomVma(rnd, p);
                    if (v != null) {
                        int h = mm.gup(p, v.start() + (rnd.nextLong(v.length()) & ~0xfffL), 4096L * (1 + rnd.nextInt(4)),
                                rnd.nextBoolean()).handle();
                        if (h >= 0) {
                            handles.add(new int[] {procs.indexOf(p), h});
                        }
                    }
                } else if (kind < 89) {
                    if (!handles.isEmpty()) {
                        int[] h = handles.remove(rnd.nextInt(handles.size()));
                        mm.release(procs.get(h[0]), h[1]);
                    }
                } else if (kind < 91) {
                    boolean bind = rnd.nextBoolean();
                    k.sysfs().write("/sys/bus/dax/drivers/device_dax/" + (bind ? "bind" : "unbind"), dev + "\n");
                } else if (kind < 92) {
                    long phys = dev.equals("dax0.1") ? 0x100000000L + (rnd.nextLong(1L << 30) & ~0xfffL)
                            : 0x140000000L + (rnd.nextLong(64L << 20) & ~0xfffL);
                    k.lock().writeLock().lock();
                    try {
                        k.poison().memoryFailure(phys, rnd.nextBoolean() ? p : null, 0);
                    } finally {
                        k.lock().writeLock().unlock();
                    }
                } else if (kind < 93) {
                    p.setMceKill(rnd.nextBoolean() ? "early" : "default");
                } else {
                    access(rnd, mm, slot, p);
                }
                if (op % CHECK_EVERY == 0 || op == OPS - 1) {
                    Optional<String> broken = inspector.checkInvariants();
                    if (broken.isPresent()) {
                        throw new AssertionError("seed " + seed + " (" + workers + " workers) op " + op + ": " + broken.get());
                    }
                }
            }
        }
        return StateDigest.of(k);
    }

    private static void access(SplittableRandom rnd, MemoryManager mm, dev.daxscope.sim.mm.FaultContext slot, SimProcess p) {
        Vma v = randomVma(rnd, p);
        long addr = v == null ? rnd.nextLong(1L << 40) & ~0xfffL : v.start() + (rnd.nextLong(v.length() + 8192) & ~0xfffL);
        Outcome o = mm.access(slot, p, addr, rnd.nextBoolean());
        assertThat(o).isNotNull();
    }

    private static Vma randomVma(SplittableRandom rnd, SimProcess p) {
        Vma[] v = p.vmas();
        return v.length == 0 ? null : v[rnd.nextInt(v.length)];
    }
}
