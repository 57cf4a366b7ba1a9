package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.RegionKind;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.kmem.MemoryHotplug;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
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

    /** What the writes did: accepted, refused (by errno), and how many changed the machine. */
    private static final class Tally {
        long writes;
        long accepted;
        long refused;
        long changedMachine;
        final Map<String, Long> errnos = new TreeMap<>();
    }

    @Test
    void hundredThousandRandomWritesKeepInvariants() {
        Tally t = new Tally();
        System.out.println("RandomSysfsTest: seeds 1.." + SEEDS + ", " + WRITES_PER_SEED + " writes each");
        for (long seed = 1; seed <= SEEDS; seed++) {
            runSeed(seed, t);
        }
        System.out.println("RandomSysfsTest: " + t.accepted + " accepted, " + t.refused + " refused " + t.errnos + ", "
                + t.changedMachine + " changed the machine");
        assertThat(t.writes).isEqualTo((long) SEEDS * WRITES_PER_SEED);
        // The mix matters: a run where the kernel refused everything, or took everything, or never
        // changed, would keep the invariants without testing them.
        assertThat(t.accepted).as("accepted writes").isGreaterThan(t.writes / 50);
        assertThat(t.refused).as("refused writes").isGreaterThan(t.writes / 20);
        assertThat(t.changedMachine).as("writes that changed devices, sizes or drivers").isGreaterThan(t.writes / 100);
        assertThat(t.errnos).as("refusals by errno").containsKeys("EINVAL", "EBUSY", "ENXIO", "ENODEV", "ENOSPC");
    }

    /** Devices with their size, align and driver: what a write can change. */
    private static String shape(Kernel k) {
        StringBuilder b = new StringBuilder();
        for (var d : k.devices()) {
            b.append(d.name()).append(' ').append(d.size()).append(' ').append(d.align()).append(' ')
                    .append(d.driver()).append(';');
        }
        return b.toString();
    }

    private void runSeed(long seed, Tally t) {
        SplittableRandom rnd = new SplittableRandom(seed);
        KernelProfile profile = KernelProfile.values()[rnd.nextInt(KernelProfile.values().length)];
        Kernel k = new Kernel(profile, new MemoryHotplug(128L << 20, rnd.nextBoolean() ? "online" : "offline", 1, 4L << 30));
        k.createRegion(new RegionSpec("A", RegionKind.DYNAMIC, 0x100000000L, 1L << 30, 2L << 20, null, 2, null, false, null));
        k.createRegion(new RegionSpec("B", RegionKind.HMEM, 0x200000000L, 512L << 20, 2L << 20, null, 1, null, false, null));
        k.createRegion(new RegionSpec("C", RegionKind.PMEM, 0x300000000L, 256L << 20, 2L << 20, null, 0, null, false, null));
        SimInspector inspector = new SimInspector(k);
        String before = shape(k);
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
            t.writes++;
            if (o instanceof Outcome.Failure f) {
                t.refused++;
                t.errnos.merge(f.errno().name(), 1L, Long::sum);
            } else {
                t.accepted++;
            }
            String after = shape(k);
            if (!after.equals(before)) {
                t.changedMachine++;
                before = after;
            }
            Optional<String> broken = inspector.checkInvariants();
            if (broken.isPresent()) {
                throw new AssertionError("seed " + seed + " write " + i + ": " + path + " <- '" + value.strip()
                        + "' (" + o + ") broke an invariant: " + broken.get());
            }
        }
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
