package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.region.RegionKind;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sysfs writes, valid and garbage, on dynamic, static and kmem regions; the
 * structural invariants (available_size, contiguous pgoffs, unique mapping ids, no overlaps,
 * alive iff bound to device_dax) hold after every write and nothing throws.
 */
class RandomSysfsTest {
    private static final int SEEDS = 10;
    private static final int WRITES_PER_SEED = Boolean.getBoolean("daxscope.soak") ? 200_000 : 10_000;

    private static final String[] ATTRS = {"size", "align", "mapping", "memmap_on_memory", "target_node", "resource"};
    private static final String[] GARBAGE = {"", "abc", "-1", "0x", "1M", "2G", "99999999999999999999", "0x-3", " 1",
        "1 ", "\u00e9", "0x100000000-", "-0x1", "dax0.01", "dax", "dax1.1.1", "1\n\n", "0b101", "+4", "00", "on", "\t"};

    @Test
    void hundredThousandRandomWritesKeepInvariants() {
        long total = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            total += runSeed(seed);
        }
        assertThat(total).isGreaterThanOrEqualTo(100_000);
    }

    private long runSeed(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        KernelProfile profile = KernelProfile.values()[rnd.nextInt(KernelProfile.values().length)];
        Kernel k = new Kernel(profile, new MemoryHotplug(128L << 20, rnd.nextBoolean() ? "online" : "offline", 1, 4L << 30));
        k.createRegion(new Kernel.RegionSpec("A", RegionKind.DYNAMIC, 0x100000000L, 1L << 30, 2L << 20, null, 2, null, false, null));
        k.createRegion(new Kernel.RegionSpec("B", RegionKind.HMEM, 0x200000000L, 512L << 20, 2L << 20, null, 1, null, false, null));
        k.createRegion(new Kernel.RegionSpec("C", RegionKind.PMEM, 0x300000000L, 256L << 20, 2L << 20, null, 0, null, false, null));
        SimInspector inspector = new SimInspector(k);
        long writes = 0;
        for (int i = 0; i < WRITES_PER_SEED; i++) {
            String path = randomPath(rnd, k);
            String value = randomValue(rnd, k);
            Outcome o;
            try {
                o = k.sysfs().write(path, value);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " write " + i + ": " + path + " <- '" + value + "' threw " + e, e);
            }
            assertThat(o).as("seed %d write %d", seed, i).isNotNull();
            writes++;
            Optional<String> broken = inspector.checkInvariants();
            if (broken.isPresent()) {
                throw new AssertionError("seed " + seed + " write " + i + ": " + path + " <- '" + value.strip()
                        + "' (" + o + ") broke an invariant: " + broken.get());
            }
        }
        return writes;
    }

    private static String randomPath(SplittableRandom rnd, Kernel k) {
        int choice = rnd.nextInt(10);
        var devs = k.devices();
        String dev = devs.isEmpty() ? "dax0.0" : devs.get(rnd.nextInt(devs.size())).name();
        if (rnd.nextInt(20) == 0) {
            dev = "dax" + rnd.nextInt(4) + "." + rnd.nextInt(6);
        }
        return switch (choice) {
            case 0, 1 -> "/sys/bus/dax/devices/" + dev + "/" + ATTRS[rnd.nextInt(ATTRS.length)];
            case 2 -> "/sys/bus/dax/devices/" + dev + "/size";
            case 3 -> "@" + (rnd.nextBoolean() ? "A" : "B") + "/create";
            case 4 -> "@" + (rnd.nextBoolean() ? "A" : "B") + "/delete";
            case 5 -> "/sys/bus/dax/drivers/" + (rnd.nextBoolean() ? "device_dax" : "kmem") + "/bind";
            case 6 -> "/sys/bus/dax/drivers/" + (rnd.nextBoolean() ? "device_dax" : "kmem") + "/unbind";
            case 7 -> "/sys/bus/dax/drivers/" + (rnd.nextBoolean() ? "device_dax" : "kmem")
                    + (rnd.nextBoolean() ? "/new_id" : "/remove_id");
            case 8 -> "/sys/devices/system/memory/memory" + (rnd.nextInt(8) + 32 + rnd.nextInt(40)) + "/state";
            default -> "/sys/bus/dax/devices/" + dev + "/mapping";
        };
    }

    private static String randomValue(SplittableRandom rnd, Kernel k) {
        int choice = rnd.nextInt(8);
        var devs = k.devices();
        return switch (choice) {
            case 0 -> GARBAGE[rnd.nextInt(GARBAGE.length)];
            case 1 -> (rnd.nextInt(9) * (2L << 20)) + "\n";
            case 2 -> new String[] {"4096", "2097152", "1073741824", "8192", "0"}[rnd.nextInt(5)] + "\n";
            case 3 -> (devs.isEmpty() ? "dax0.0" : devs.get(rnd.nextInt(devs.size())).name()) + "\n";
            case 4 -> "1\n";
            case 5 -> {
                long start = 0x100000000L + rnd.nextInt(600) * (1L << 20);
                long len = (rnd.nextInt(4) + 1) * (rnd.nextBoolean() ? 2L << 20 : 1L << 20);
                yield Long.toHexString(start) + "-" + Long.toHexString(start + len - 1) + "\n";
            }
            case 6 -> new String[] {"online", "offline", "online_movable", "online_kernel", "bogus"}[rnd.nextInt(5)] + "\n";
            default -> "0x" + Long.toHexString(rnd.nextLong(1L << 31)) + "\n";
        };
    }
}
