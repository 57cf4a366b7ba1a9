package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import dev.daxscope.model.DriverKind;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Facts seen on real 6.1/6.12/6.16/6.18 kernels (docs/fidelity.md), the dry run, and export-sysfs. */
class ObservedKernelFactsTest {

    @Test
    void staticRegionFilesAreReadOnlyAtOpenAndCreateDeviceIsEnospc(@TempDir Path dir) throws Exception {
        Scripts.assertScript("""
                memory ram=1G
                region P pmem start=0x40a00000 size=502M align=2M parent=/platform/e820_pmem/ndbus0/region0/dax0.0
                write /sys/bus/dax/devices/dax0.0/size 526385152 => EACCES
                write /sys/bus/dax/devices/dax0.0/size 0 => EACCES
                write /sys/bus/dax/devices/dax0.0/align 4096 => EACCES
                unbind dax0.0
                write /sys/bus/dax/devices/dax0.0/align 4096 => EACCES
                write /sys/devices/platform/e820_pmem/ndbus0/region0/dax0.0/dax_region/create 1 => ENOENT
                read /sys/bus/dax/devices/dax0.0/mapping0/page_offset => "0x0"
                bind dax0.0 device_dax => ok
                daxctl create-device -r 0 -s 64M => ENOSPC
                """);
        Path m = dir.resolve("m.dax");
        Files.writeString(m, "memory ram=1G\nregion P pmem start=0x40a00000 size=502M align=2M\n");
        assertThat(Cli.run("list", "--machine", m.toString()).exit()).isZero();
    }

    @Test
    void dynamicRegionBusyWhileBoundAndPageOffsetInPages() {
        Scripts.assertScript("""
                kernel 6.1
                memory ram=1G
                region H hmem start=0x40000000 size=512M
                write /sys/bus/dax/devices/dax0.0/size 536870912 => EBUSY
                write /sys/bus/dax/devices/dax0.0/size 0 => EBUSY
                write /sys/bus/dax/devices/dax0.0/align 2097152 => EBUSY
                unbind dax0.0
                write /sys/bus/dax/devices/dax0.0/size 134217728 => ok
                write @H/create 1
                write /sys/bus/dax/devices/dax0.1/size 134217728 => ok
                write /sys/bus/dax/devices/dax0.0/size 268435456 => ok
                read /sys/bus/dax/devices/dax0.0/mapping1/page_offset => "0x8000"
                write /sys/bus/dax/devices/dax0.0/size 1073741824 => ENOSPC
                write /sys/bus/dax/devices/dax0.0/size abc => EINVAL
                write /sys/bus/dax/devices/dax0.0/size -1 => EINVAL
                write /sys/bus/dax/devices/dax0.0/align 0 => EINVAL
                write /sys/bus/dax/devices/dax0.0/align 12345 => EINVAL
                write @H/delete dax0.1 => EBUSY
                write @H/delete dax0.9 => ENXIO
                """);
    }

    @Test
    void dryRunAnswersWithoutChangingTheMachine() {
        SimulatedSource source = SimulatedSource.demo();
        MachineSnapshot before = source.snapshot();
        DaxSource.WhatIf unbind = source.whatIf("/sys/bus/dax/drivers/device_dax/unbind", "dax0.1\n").orElseThrow();
        assertThat(unbind.outcome().isOk()).isTrue();
        assertThat(unbind.after().device("dax0.1").orElseThrow().driver()).isEqualTo(DriverKind.NONE);
        DaxSource.WhatIf resize = source.whatIf("/sys/bus/dax/devices/dax0.1/size", "4096\n").orElseThrow();
        assertThat(resize.outcome().toString()).startsWith("EINVAL").contains("R28");
        MachineSnapshot after = source.snapshot();
        assertThat(after.device("dax0.1").orElseThrow().driver()).isEqualTo(DriverKind.DEVICE_DAX);
        assertThat(after.regions()).isEqualTo(before.regions());
    }

    @Test
    void exportSysfsWritesTheCaptureLayoutWithModesAndLinks(@TempDir Path dir) throws Exception {
        Cli.Run r = Cli.run("sim", "export-sysfs", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path size = dir.resolve("sys/bus/dax/devices/dax0.1/size");
        assertThat(Files.readString(size)).isEqualTo("2147483648\n");
        assertThat(Files.isSymbolicLink(dir.resolve("sys/bus/dax/devices/dax0.1"))).isTrue();
        assertThat(Files.readSymbolicLink(dir.resolve("sys/bus/dax/devices/dax0.1")).toString())
                .isEqualTo("../../../devices/platform/dax_region.0/dax0.1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("sys/devices/platform/dax_region.0/dax_region/align")))).isEqualTo("r--------");
        assertThat(Files.readAllLines(dir.resolve("MODES"))).contains("sys/bus/dax/drivers/device_dax/bind 0200",
                "sys/devices/platform/dax_region.0/dax0.1/mapping0/start 0400");
        assertThat(Files.readString(dir.resolve("proc/iomem"))).contains("  100000000-17fffffff : dax0.1");
        assertThat(Files.readString(dir.resolve("sys/devices/system/memory/block_size_bytes"))).isEqualTo("8000000\n");
        // libdaxctl finds a device's subsystem through its node's /sys/dev/char link
        assertThat(Files.readSymbolicLink(dir.resolve("sys/dev/char/252:3")).toString())
                .isEqualTo("../../devices/platform/dax_region.0/dax0.1");
        assertThat(dir.resolve("sys/dev/char/252:3/subsystem").toRealPath())
                .isEqualTo(dir.resolve("sys/bus/dax").toRealPath());
    }

    /**
     * Every guest (6.1 to 7.3, fidelity hmem-open-after-unbind): once a device is unbound, its node
     * opens only while a file of its last binding is still open or mapped, by any process; the
     * last close or munmap releases the cdev, and a rebind's cdev_init drops what older files held (R11).
     */
    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void anOpenAfterUnbindNeedsAFileOfTheLastBindingStillOpenOrMapped(KernelProfile kernel) {
        Scripts.assertScript("""
                kernel %s
                memory ram=1G
                region H hmem start=0x40000000 size=512M align=2M target_node=0
                daxctl reconfigure-device -m devdax -f dax0.0
                spawn P
                spawn Q
                P open /dev/dax0.0 as F
                P mmap F len=2M as A
                unbind dax0.0 device_dax
                Q open /dev/dax0.0 as G                => ok
                Q close G                              => ok
                P close F                              => ok
                Q open /dev/dax0.0 as K                => ok
                Q close K                              => ok
                P munmap A len=2M                      => ok
                Q open /dev/dax0.0 as K2               => ENXIO
                bind dax0.0 device_dax                 => ok
                P open /dev/dax0.0 as L                => ok
                unbind dax0.0 device_dax               => ok
                bind dax0.0 device_dax                 => ok
                unbind dax0.0 device_dax               => ok
                Q open /dev/dax0.0 as K3               => ENXIO
                """.formatted(kernel.version()));
    }

    /**
     * smaps Rss of device mappings is not RssFile (which pre-6.15 pfn mappings never charge), and
     * which entries it counts changed from kernel to kernel: the 2M and 4K probes of the guests
     * (docs/fidelity.md), 6.15 from R77.
     */
    @Test
    void smapsRssAndPagemapFileBitFollowTheKernelProfile() {
        Map<KernelProfile, String> hugeAndSmall = Map.of(KernelProfile.V6_1, "4M 0", KernelProfile.V6_12, "0 0",
                KernelProfile.V6_15, "0 16K", KernelProfile.V6_16, "0 16K", KernelProfile.V6_18, "4M 16K", KernelProfile.V7_3,
                "4M 16K");
        assertThat(hugeAndSmall).containsOnlyKeys(KernelProfile.values());
        for (KernelProfile kernel : KernelProfile.values()) {
            String[] want = hugeAndSmall.get(kernel).split(" ");
            MachineSnapshot snap = Scripts.assertScript("""
                    kernel %s
                    memory ram=1G
                    region H hmem start=0x40000000 size=512M idle
                    write @H/create 1
                    write /sys/bus/dax/devices/dax0.1/size 268435456
                    bind dax0.1 device_dax
                    write @H/create 1
                    write /sys/bus/dax/devices/dax0.2/align 4096
                    write /sys/bus/dax/devices/dax0.2/size 268435456
                    bind dax0.2 device_dax
                    spawn P
                    P open /dev/dax0.1 as F
                    P mmap F len=4M as A
                    smaps P A => rss=0
                    P touch A len=4M step=2M write
                    P open /dev/dax0.2 as G
                    P mmap G len=16K as B
                    P touch B len=16K write
                    rss P => rss=%s
                    smaps P A+0x200000 => rss=%s
                    smaps P B => rss=%s
                    smaps P 0x1000 => EFAULT
                    """.formatted(kernel, kernel.isPre615() ? "0" : "4112K", want[0], want[1]))
                    .inspector().snapshot("simulated");
            MachineSnapshot.VmaInfo huge = snap.processes().getFirst().vmas().get(0);
            MachineSnapshot.VmaInfo small = snap.processes().getFirst().vmas().get(1);
            assertThat(huge.pmds()).isEqualTo(2);
            assertThat(small.ptes()).isEqualTo(4);
            assertThat(huge.pagemapFileBit(kernel)).isTrue();
            assertThat(small.pagemapFileBit(kernel)).isEqualTo(!kernel.isPre615());
        }
    }

    /**
     * The demo machine's processes as each kernel's smaps shows them: db's 1 GiB of touched PMDs is
     * 0 kB on 6.16.12 (as in its guest) and 1 GiB on 6.18.15; cache's 4K pages (touched or pinned) count on both.
     */
    @Test
    void theDemoMachinesSmapsRssIsWhatEachKernelShows() {
        Map<KernelProfile, String> dbAndCache = Map.of(KernelProfile.V6_12, "0 0", KernelProfile.V6_16, "0 32776K",
                KernelProfile.V6_18, "1G 32776K");
        dbAndCache.forEach((kernel, want) -> {
            MachineSnapshot snap = SimulatedSource.demo().underKernel(kernel).snapshot();
            // db's mapping A (offset 0), which top-down is its higher mapping, not the first listed
            MachineSnapshot.VmaInfo db = snap.processes().stream().filter(p -> p.name().equals("db")).findFirst()
                    .orElseThrow().vmas().stream().filter(v -> v.pgoff() == 0).findFirst().orElseThrow();
            MachineSnapshot.VmaInfo cache = snap.processes().stream().filter(p -> p.name().equals("cache")).findFirst()
                    .orElseThrow().vmas().getFirst();
            assertThat(dev.daxscope.scenario.ScenarioRunner.sizeText(db.smapsRss(kernel)) + " "
                    + dev.daxscope.scenario.ScenarioRunner.sizeText(cache.smapsRss(kernel))).as(kernel.version()).isEqualTo(want);
        });
    }
}
