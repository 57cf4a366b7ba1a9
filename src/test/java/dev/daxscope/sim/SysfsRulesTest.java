package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.lib.KernelParse;
import org.junit.jupiter.api.Test;

/** docs/semantics.md, "sysfs": the sysfs ABI, exact to the errno and the order of checks. */
class SysfsRulesTest {

    @Test
    void R21_regionAttributeModes() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                user nobody
                read @RA/id => "0"
                read @RA/size => "1073741824"
                read @RA/available_size => "1073741824"
                read @RA/seed => ""
                read @RA/create => ""
                read @RA/align => EACCES
                read @RA/delete => EACCES
                write @RA/create 1 => EACCES
                user root
                read @RA/delete => EACCES
                write @RA/id 3 => EACCES
                """);
    }

    @Test
    void R22_deviceAttributesAndMappingChildrenAreRootOnly() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                user nobody
                read /sys/bus/dax/devices/dax0.1/resource => EACCES
                read /sys/bus/dax/devices/dax0.1/mapping0/start => EACCES
                read /sys/bus/dax/devices/dax0.1/size => "536870912"
                write /sys/bus/dax/devices/dax0.1/size 0 => EACCES
                user root
                read /sys/bus/dax/devices/dax0.1/mapping => EACCES
                read /sys/bus/dax/devices/dax0.1/resource => "0x100000000"
                """);
    }

    @Test
    void R22_targetNodeHiddenWhenRegionHasNone() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G target_node=-1
                read /sys/bus/dax/devices/dax0.0/target_node => ENOENT
                read /sys/bus/dax/devices/dax0.0/numa_node => "0"
                """);
    }

    @Test
    void R23_hexAlwaysHasPrefixEvenForZero() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                read /sys/bus/dax/devices/dax0.1/mapping0/page_offset => "0x0"
                """);
    }

    @Test
    void R25_kernelParsesBasesNewlineAndRefusesSuffixes() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x200000 => ok
                write /sys/bus/dax/devices/dax0.1/size 020000000 => ok
                read /sys/bus/dax/devices/dax0.1/size => "4194304"
                write /sys/bus/dax/devices/dax0.1/size 2M => EINVAL
                write /sys/bus/dax/devices/dax0.1/size -1 => EINVAL
                write /sys/bus/dax/devices/dax0.1/size 99999999999999999999 => ERANGE
                write /sys/bus/dax/devices/dax0.1/size "" => EINVAL
                write @RA/create 0x1 => ok
                write @RA/create 99999999999999999999 => ERANGE
                write /sys/bus/dax/devices/dax0.1/memmap_on_memory maybe => EINVAL
                write /sys/bus/dax/devices/dax0.1/memmap_on_memory off => ok
                write /sys/bus/dax/devices/dax0.1/memmap_on_memory N => ok
                """);
        assertThat(KernelParse.kstrtoull("0x\n", 0).error()).isEqualTo(Errno.EINVAL);
        assertThat(KernelParse.kstrtoull("18446744073709551615\n", 0).value()).isEqualTo(-1L);
        assertThat(KernelParse.kstrtoull("18446744073709551616", 0).error()).isEqualTo(Errno.ERANGE);
        assertThat(KernelParse.kstrtoull("12\n\n", 0).error()).isEqualTo(Errno.EINVAL);
        assertThat(KernelParse.kstrtoull("+12", 0).value()).isEqualTo(12);
        assertThat(KernelParse.kstrtoull("09", 0).error()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void R26_createChecksParseThenValueThenSpace() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=2M
                write @RA/create abc => EINVAL
                write @RA/create 2 => EINVAL
                write @RA/create 1 => ok
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                write @RA/create 2 => EINVAL
                write @RA/create 1 => ENOSPC
                """);
    }

    @Test
    void R27_deleteRefusesBoundSizedOrDeviceZero() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write @RA/delete dax0.1 => EBUSY
                unbind dax0.1
                write @RA/delete dax0.1 => EBUSY
                write @RA/delete dax0.0 => EBUSY
                write @RA/delete dax9.9 => ENXIO
                write /sys/bus/dax/devices/dax0.1/size 0
                write @RA/delete dax0.1 => ok
                read /sys/bus/dax/devices/dax0.1/size => ENOENT
                """);
    }

    @Test
    void R28_sizeMustBeAlignMultipleAndBoundGivesEbusyEvenForSameSize() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write /sys/bus/dax/devices/dax0.1/size 536870912 => EBUSY
                write /sys/bus/dax/devices/dax0.1/size 0 => EBUSY
                write /sys/bus/dax/devices/dax0.1/size 4096 => EINVAL
                write /sys/bus/dax/devices/dax0.1/size xyz => EINVAL
                unbind dax0.1
                write /sys/bus/dax/devices/dax0.1/size 536870912 => ok
                write /sys/bus/dax/devices/dax0.1/size 0x80000000 => ENOSPC
                """);
    }

    @Test
    void R29_growIsFirstFitAndExtendsOnlyTheDevicesLastRange() {
        Scripts.assertScript("""
                region RB dynamic start=0x200000000 size=1G
                write @RB/create 1
                write @RB/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                write /sys/bus/dax/devices/dax0.2/size 0x200000
                write /sys/bus/dax/devices/dax0.1/size 0
                write /sys/bus/dax/devices/dax0.2/size 0x600000
                read /sys/bus/dax/devices/dax0.2/mapping0/start => "0x200200000"
                read /sys/bus/dax/devices/dax0.2/mapping0/end => "0x2003fffff"
                read /sys/bus/dax/devices/dax0.2/mapping1/start => "0x200000000"
                read /sys/bus/dax/devices/dax0.2/mapping1/end => "0x2001fffff"
                read /sys/bus/dax/devices/dax0.2/mapping2/start => "0x200400000"
                read /sys/bus/dax/devices/dax0.2/mapping2/page_offset => "0x400"
                write /sys/bus/dax/devices/dax0.2/size 0x800000
                read /sys/bus/dax/devices/dax0.2/mapping2/end => "0x2007fffff"
                read /sys/bus/dax/devices/dax0.2/mapping3/start => ENOENT
                """);
    }

    /** Found by the random test: R29 takes min(gap, need), so a 1G-aligned device can get a 2M range. */
    @Test
    void R29_gapsSmallerThanTheAlignStillBecomeRanges() {
        Scripts.assertScript("""
                region RB dynamic start=0x200000000 size=4G
                write @RB/create 1
                write @RB/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                write /sys/bus/dax/devices/dax0.2/size 0x200000
                write /sys/bus/dax/devices/dax0.1/size 0
                write /sys/bus/dax/devices/dax0.0/align 1073741824
                write /sys/bus/dax/devices/dax0.0/size 0x40000000 => ok
                read /sys/bus/dax/devices/dax0.0/mapping0/end => "0x2001fffff"
                read /sys/bus/dax/devices/dax0.0/mapping1/start => "0x200400000"
                read /sys/bus/dax/devices/dax0.0/mapping1/end => "0x2401fffff"
                """);
    }

    @Test
    void R30_shrinkCutsFromTheLastRange() {
        Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/mapping 0x100400000-0x1007fffff
                write /sys/bus/dax/devices/dax0.1/mapping 0x100000000-0x1001fffff
                write /sys/bus/dax/devices/dax0.1/size 0x400000
                read /sys/bus/dax/devices/dax0.1/mapping1/start => ENOENT
                read /sys/bus/dax/devices/dax0.1/mapping0/end => "0x1007fffff"
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                read /sys/bus/dax/devices/dax0.1/mapping0/end => "0x1005fffff"
                """);
    }

    @Test
    void R31_mappingQuirksAreKept() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write /sys/bus/dax/devices/dax0.1/mapping 0x120000000-0x1200fffff => ok
                read /sys/bus/dax/devices/dax0.1/mapping1/start => ENOENT
                write /sys/bus/dax/devices/dax0.1/mapping zz-0x1 => EINVAL
                write /sys/bus/dax/devices/dax0.1/mapping 120000000-1201fffff => ok
                read /sys/bus/dax/devices/dax0.1/mapping1/start => "0x120000000"
                read /sys/bus/dax/devices/dax0.1/size => "538968064"
                """);
    }

    @Test
    void R33_alignParseErrorIsEnxioBeforeValueAndBoundChecks() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write /sys/bus/dax/devices/dax0.1/align abc => ENXIO
                write /sys/bus/dax/devices/dax0.1/align 8192 => EINVAL
                write /sys/bus/dax/devices/dax0.1/align 0 => EINVAL
                write /sys/bus/dax/devices/dax0.1/align 4096 => EBUSY
                unbind dax0.1
                write /sys/bus/dax/devices/dax0.1/align 1073741824 => EINVAL
                read /sys/bus/dax/devices/dax0.1/align => "2097152"
                write /sys/bus/dax/devices/dax0.1/align 4096 => ok
                """);
    }

    @Test
    void R35_memmapOnMemoryParseSupportAndKmemBusy() {
        Scripts.assertScript("""
                region C cxl start=0x200000000 size=1G
                write /sys/bus/dax/devices/dax0.0/memmap_on_memory 1 => EOPNOTSUPP
                write /sys/bus/dax/devices/dax0.0/memmap_on_memory 0 => EBUSY
                write /sys/bus/dax/devices/dax0.0/memmap_on_memory x => EINVAL
                unbind dax0.0 kmem
                write /sys/bus/dax/devices/dax0.0/memmap_on_memory 0 => ok
                read /sys/bus/dax/devices/dax0.0/memmap_on_memory => "0"
                """);
    }

    @Test
    void R36_bindErrors() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write /sys/bus/dax/drivers/device_dax/bind dax9.9 => ENODEV
                bind dax0.1 kmem => ENODEV
                bind dax0.1 device_dax => EBUSY
                """);
    }

    @Test
    void R37_unbindOnlyFromTheBoundDriverAndNeverRefused() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                unbind dax0.1 kmem => ENODEV
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=2M as A
                P read A
                unbind dax0.1 device_dax => ok
                unbind dax0.1 device_dax => ENODEV
                """);
    }

    @Test
    void R38_newIdCanonicalNamesAndIdempotentLists() {
        Kernel k = Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write /sys/bus/dax/drivers/kmem/new_id dax0.01 => EINVAL
                write /sys/bus/dax/drivers/kmem/new_id foo => EINVAL
                write /sys/bus/dax/drivers/kmem/new_id dax0.1 => ok
                write /sys/bus/dax/drivers/kmem/new_id dax0.1 => ok
                write /sys/bus/dax/drivers/kmem/remove_id dax5.5 => ok
                """).kernel();
        assertThat(k.bus().newIds(dev.daxscope.model.DriverKind.KMEM)).containsExactly("dax0.1");
        Outcome o = k.sysfs().write("/sys/bus/dax/drivers/kmem/new_id", "dax00.1\n");
        assertThat(o.token()).isEqualTo("EINVAL");
    }

    @Test
    void R24_writeOnlyAndReadOnlyFilesRefuseTheOtherDirectionForRoot() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                read /sys/bus/dax/drivers/device_dax/bind => EACCES
                write /sys/bus/dax/devices/dax0.1/modalias x => EACCES
                read /sys/bus/dax/devices/dax0.1/nonexistent => ENOENT
                write /sys/bus/dax/devices/dax0.1/nonexistent 1 => ENOENT
                """);
    }
}
