package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.Errno;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.RegionKind;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.kmem.MemoryHotplug;
import org.junit.jupiter.api.Test;

/** docs/semantics.md, "Objects and identity": regions, devices, dax_device and the bus, one test per [V] rule. */
class ObjectRulesTest {

    @Test
    void R1_regionHasIdRangeAlignTargetNodeSeedAndYoungest() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G align=2M target_node=2 id=7
                read @RA/id => "7"
                read @RA/size => "1073741824"
                read @RA/align => "2097152"
                read /sys/bus/dax/devices/dax7.0/target_node => "2"
                read @RA/seed => ""
                read @RA/create => ""
                """);
    }

    @Test
    void R2_regionStartOrSizeNotAlignMultipleFailsWithEnomem() {
        Kernel k = new Kernel();
        Outcome start = k.createRegion(new RegionSpec("A", RegionKind.DYNAMIC, 0x100100000L, 1L << 30, 2L << 20,
                null, 0, null, false, null));
        Outcome size = k.createRegion(new RegionSpec("B", RegionKind.DYNAMIC, 0x100000000L, (1L << 30) + 4096,
                2L << 20, null, 0, null, false, null));
        assertThat(start).isInstanceOfSatisfying(Outcome.Failure.class, f -> assertThat(f.errno()).isEqualTo(Errno.ENOMEM));
        assertThat(size).isInstanceOfSatisfying(Outcome.Failure.class, f -> assertThat(f.rule()).isEqualTo("R2"));
        assertThat(k.regions()).isEmpty();
    }

    @Test
    void R3_staticRegionsHideCreateSeedDeleteAndAvailableSize() {
        Scripts.assertScript("""
                region P pmem start=0x200000000 size=1G align=2M
                read /sys/bus/dax/devices/dax0.0/../dax_region/size => "1073741824"
                read /sys/bus/dax/devices/dax0.0/../dax_region/available_size => ENOENT
                read /sys/bus/dax/devices/dax0.0/../dax_region/seed => ENOENT
                write /sys/bus/dax/devices/dax0.0/../dax_region/create 1 => ENOENT
                write /sys/bus/dax/devices/dax0.0/../dax_region/delete dax0.0 => ENOENT
                read /sys/bus/dax/devices/dax0.0/mapping => ENOENT
                write /sys/bus/dax/devices/dax0.0/size 0 => EACCES
                write /sys/bus/dax/devices/dax0.0/align 4096 => EACCES
                """);
    }

    @Test
    void R4_providerDefaultsPerKind() {
        Scripts.assertScript("""
                region H hmem start=0x100000000 size=1G
                region C cxl start=0x200000000 size=1G
                region P pmem start=0x300000000 size=1G
                region D dynamic start=0x400000000 size=1G
                region I hmem start=0x500000000 size=1G idle
                read /sys/bus/dax/devices/dax0.0/size => "1073741824"
                read /sys/bus/dax/drivers/kmem/dax0.0/size => "1073741824"
                read /sys/bus/dax/drivers/kmem/dax1.0/memmap_on_memory => "1"
                read /sys/bus/dax/drivers/device_dax/dax2.0/size => "1073741824"
                read /sys/bus/dax/devices/dax3.0/size => "0"
                read /sys/bus/dax/devices/dax4.0/size => "0"
                read /sys/devices/platform/hmem.0/dax_region/align => "2097152"
                read /sys/devices/platform/e820_pmem/ndbus0/region2/dax2.0/dax_region/id => "2"
                """);
    }

    @Test
    void R4_hmemBindsDeviceDaxOnKernel61() {
        Scripts.assertScript("""
                kernel 6.1
                region H hmem start=0x100000000 size=1G
                read /sys/bus/dax/drivers/device_dax/dax0.0/size => "1073741824"
                read /sys/bus/dax/devices/dax0.0/memmap_on_memory => ENOENT
                """);
    }

    @Test
    void R5_availableSizeIsRegionMinusAllRangesBoundOrNot() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.2/size 0x10000000
                read @RA/available_size => "268435456"
                """);
    }

    @Test
    void R6_seedIsSetByFirstCreateAndClearedByItsProbeNotAdvanced() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write @RA/create 1
                read @RA/seed => "dax0.1"
                read @RA/create => "dax0.2"
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                bind dax0.1 device_dax
                read @RA/seed => ""
                read @RA/create => "dax0.2"
                """);
    }

    @Test
    void R7_deviceSizeIsTheSumOfItsRanges() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/mapping 0x100000000-0x1001fffff
                write /sys/bus/dax/devices/dax0.1/mapping 0x100400000-0x1007fffff
                read /sys/bus/dax/devices/dax0.1/size => "6291456"
                """);
    }

    @Test
    void R8_idsAreLowestFreeAndReused() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write @RA/create 1
                write @RA/create 1
                write @RA/delete dax0.2
                write @RA/create 1
                read @RA/create => "dax0.2"
                write @RA/create 1
                read @RA/create => "dax0.4"
                """);
    }

    @Test
    void R9_rangesAreAppendedWithContiguousPgoffs() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/mapping 0x120000000-0x1201fffff
                write /sys/bus/dax/devices/dax0.1/mapping 0x100000000-0x1003fffff
                read /sys/bus/dax/devices/dax0.1/mapping0/page_offset => "0x0"
                read /sys/bus/dax/devices/dax0.1/mapping1/page_offset => "0x200"
                read /sys/bus/dax/devices/dax0.1/resource => "0x120000000"
                """);
    }

    @Test
    void R10_mappingChildIdsAreLowestFreeAndFreedOnShrink() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                write /sys/bus/dax/devices/dax0.2/size 0x200000
                write /sys/bus/dax/devices/dax0.1/size 0x400000
                read /sys/bus/dax/devices/dax0.1/mapping1/start => "0x100400000"
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                read /sys/bus/dax/devices/dax0.1/mapping1/start => ENOENT
                write /sys/bus/dax/devices/dax0.1/size 0x400000
                read /sys/bus/dax/devices/dax0.1/mapping1/start => "0x100400000"
                read /sys/bus/dax/devices/dax0.0/mapping0/start => ENOENT
                """);
    }

    @Test
    void R11_devNodeExistsUnboundButOpenGivesEnxio() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                read /sys/bus/dax/devices/dax0.1/dev => "252:1"
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                spawn P
                P open /dev/dax0.1 as F => ENXIO
                bind dax0.1 device_dax
                P open /dev/dax0.1 as G => ok
                """);
    }

    @Test
    void R12_staticDeviceMustHaveExactlyOneRange() {
        Kernel k = Scripts.assertScript("""
                region P pmem start=0x200000000 size=1G
                unbind dax0.0
                bind dax0.0 device_dax => ok
                unbind dax0.0
                """).kernel();
        // No sysfs write can give a static device a second range; the provider could.
        DevDax dev = k.device("dax0.0").orElseThrow();
        dev.replaceLastRange(dev.ranges().get(0).withEnd(0x200000000L + (512L << 20) - 1));
        dev.appendRange(0x220000000L, 0x23fffffffL);
        Outcome o = k.sysfs().write("/sys/bus/dax/drivers/device_dax/bind", "dax0.0\n");
        assertThat(o).isInstanceOfSatisfying(Outcome.Failure.class, f -> {
            assertThat(f.errno()).isEqualTo(Errno.EINVAL);
            assertThat(f.rule()).isEqualTo("R12");
        });
    }

    @Test
    void R13_R14_deviceDaxIsAliveOnlyWhileBoundToDeviceDax() {
        ScenarioRunnerProbe p = new ScenarioRunnerProbe(Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.2/size 0x200000
                """).kernel());
        assertThat(p.device("dax0.1").alive()).isTrue();
        assertThat(p.device("dax0.2").alive()).isFalse();
        p.kernel().sysfs().write("/sys/bus/dax/drivers/device_dax/unbind", "dax0.1\n");
        assertThat(p.device("dax0.1").alive()).isFalse();
    }

    @Test
    void R15_R16_allMappersShareOneAddressSpaceSoUnbindReachesEveryProcess() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                spawn P1
                spawn P2
                P1 open /dev/dax0.1 as F1
                P2 open /dev/dax0.1 as F2
                P1 mmap F1 len=2M as A
                P2 mmap F2 len=2M as B
                P1 read A
                P2 read B
                folio dax0.1 pgoff=0 => ref=3 map=2
                unbind dax0.1
                P1 read A => SIGBUS
                P2 read B => SIGBUS
                """);
    }

    @Test
    void R17_modaliasIsDaxT0() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                read /sys/bus/dax/devices/dax0.1/modalias => "dax:t0"
                read /sys/bus/dax/devices/dax0.1/uevent => "MAJOR=252\\nMINOR=1\\nDEVNAME=dax0.1\\nDRIVER=device_dax\\nMODALIAS=dax:t0"
                """);
    }

    @Test
    void R18_kmemRegionsMatchKmemUnlessNewIdSaysOtherwise() {
        Scripts.assertScript("""
                region H hmem start=0x100000000 size=1G
                unbind dax0.0 kmem
                bind dax0.0 device_dax => ENODEV
                write /sys/bus/dax/drivers/device_dax/new_id dax0.0
                read /sys/bus/dax/drivers/device_dax/dax0.0/size => "1073741824"
                """);
    }

    @Test
    void R19_busProbeRefusesZeroSize() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                bind dax0.0 device_dax => ENXIO
                write @RA/create 1
                bind dax0.1 device_dax => ENXIO
                """);
    }

    private record ScenarioRunnerProbe(Kernel kernel) {
        DevDax device(String name) {
            return kernel.device(name).orElseThrow();
        }
    }

    @Test
    void memoryDefaultsMatchTheLanguagePage() {
        Kernel k = new Kernel(KernelProfile.DEFAULT, MemoryHotplug.defaults());
        assertThat(k.memory().blockSize()).isEqualTo(128L << 20);
        assertThat(k.memory().autoOnline()).isEqualTo("offline");
        assertThat(k.memory().blocks()).hasSize(32);
    }
}
