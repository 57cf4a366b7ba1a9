package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/semantics.md, "Device teardown" and "kmem". */
class TeardownKmemRulesTest {

    @Test
    void R78_bindReservesRangesInIomemAndRefusesBootRamOverlap() {
        Scripts.assertScript("""
                memory ram=8G
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                bind dax0.1 device_dax => ENXIO
                """);
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                read /proc/iomem => "00000000-ffffffff : System RAM\\n100000000-13fffffff : dax_region.0\\n  100000000-11fffffff : dax0.1"
                user nobody
                read /proc/iomem => "00000000-00000000 : System RAM\\n000000000-000000000 : dax_region.0\\n  000000000-000000000 : dax0.1"
                """);
    }

    @Test
    void R78_R34_rangeStartNotTwoMegAlignedFailsBind() {
        Kernel k = Scripts.assertScript("""
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                """).kernel();
        var dev = k.device("dax0.1").orElseThrow();
        dev.appendRange(0x100001000L, 0x100200fffL);
        assertThat(k.sysfs().write("/sys/bus/dax/drivers/device_dax/bind", "dax0.1\n").token()).isEqualTo("EINVAL");
    }

    @Test
    void R79_unbindZapsEveryMappingAndKeepsRangesSizeAlign() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=4M as A
                P touch A len=4M step=2M
                folio dax0.1 pgoff=0x200 => ref=2 map=1
                rss P => rss=4M
                unbind dax0.1
                rss P => rss=0
                read /sys/bus/dax/devices/dax0.1/size => "536870912"
                read /sys/bus/dax/devices/dax0.1/mapping0/end => "0x11fffffff"
                bind dax0.1 device_dax
                folio dax0.1 pgoff=0x200 => ref=1 map=0
                P read A+0x200000 => ok
                folio dax0.1 pgoff=0x200 => ref=2 map=1
                """);
    }

    @Test
    void R107_kmemStateAttributeOnlinesButNeverOfflines() {
        Scripts.assertScript("""
                kernel 7.3
                memory block=128M
                region RA dynamic start=0x100000000 size=512M target_node=1
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x20000000
                write /sys/bus/dax/drivers/kmem/new_id dax0.1
                read /sys/bus/dax/devices/dax0.1/state => "offline"
                write /sys/bus/dax/devices/dax0.1/state online
                read /sys/bus/dax/devices/dax0.1/state => "online"
                read /sys/devices/system/memory/memory32/state => "online"
                write /sys/bus/dax/devices/dax0.1/state online
                write /sys/bus/dax/devices/dax0.1/state online_movable => EBUSY
                write /sys/bus/dax/devices/dax0.1/state online_kernel => EBUSY
                write /sys/bus/dax/devices/dax0.1/state offline => EINVAL
                write /sys/bus/dax/devices/dax0.1/state bogus => EINVAL
                read /sys/devices/system/memory/memory35/state => "online"
                """);
        Scripts.assertScript("kernel 6.18\n" + Scripts.REGION_A_BOUND + """
                unbind dax0.1
                write /sys/bus/dax/drivers/kmem/new_id dax0.1
                read /sys/bus/dax/devices/dax0.1/state => ENOENT
                """);
    }

    @Test
    void R81_deleteNeedsUnboundAndSizeZero() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write @RA/delete dax0.1 => EBUSY
                unbind dax0.1
                write /sys/bus/dax/devices/dax0.1/size 0
                write @RA/delete dax0.1 => ok
                write @RA/create 1
                read @RA/create => "dax0.1"
                read /sys/bus/dax/devices/dax0.1/dev => "252:1"
                """);
    }

    @Test
    void R82_regionRemovalTakesDevicesAndTheRegionDirectory() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=2M as A
                P read A
                remove region RA
                read /sys/bus/dax/devices/dax0.1/size => ENOENT
                read /sys/devices/platform/dax_region.0/dax_region/id => ENOENT
                P read A => SIGBUS
                rss P => rss=0
                """);
    }

    @Test
    void R83_staleProbeOn615KeepsFailing() {
        Scripts.assertScript("""
                kernel 6.15
                memory auto_online=online
                region C cxl start=0x200000000 size=1G
                unbind dax0.0 kmem
                write /sys/bus/dax/drivers/device_dax/new_id dax0.0
                bind dax0.0 device_dax => EINVAL
                """);
        Scripts.assertScript("""
                kernel 6.16
                memory auto_online=online
                region C cxl start=0x200000000 size=1G
                unbind dax0.0 kmem
                write /sys/bus/dax/drivers/device_dax/new_id dax0.0
                bind dax0.0 device_dax => EBUSY
                """);
    }

    @Test
    void R84_kmemTrimsToBlocksAndNeedsATargetNode() {
        Scripts.assertScript("""
                memory block=256M
                region H hmem start=0x100200000 size=1G target_node=1
                read /sys/devices/system/memory/memory16/state => ENOENT
                read /sys/devices/system/memory/memory17/state => "offline"
                read /sys/devices/system/memory/memory19/state => "offline"
                read /sys/devices/system/memory/memory20/state => ENOENT
                """);
    }

    @Test
    void R85_R87_blocksFollowTheAutoOnlinePolicyAndNodeLinks() {
        Scripts.assertScript("""
                memory block=128M auto_online=online_movable
                region C cxl start=0x200000000 size=256M target_node=4
                read /sys/devices/system/memory/memory64/state => "online"
                read /sys/devices/system/memory/memory64/valid_zones => "Movable"
                read /sys/devices/system/memory/memory65/online => "1"
                read /sys/devices/system/node/node4/memory65/phys_index => "00000041"
                read /sys/devices/system/memory/block_size_bytes => "8000000"
                read /sys/devices/system/memory/auto_online_blocks => "online_movable"
                """);
    }

    @Test
    void R86_kmemReservesSystemRamInIomem() {
        Scripts.assertScript("""
                region C cxl start=0x200000000 size=256M target_node=1
                read /proc/iomem => "00000000-ffffffff : System RAM\\n200000000-20fffffff : CXL Window 0\\n  200000000-20fffffff : dax0.0\\n    200000000-20fffffff : System RAM (kmem)"
                """);
    }

    @Test
    void R88_kmemUnbindRemovesOfflineMemoryAndLeaksOnlineMemory() {
        Scripts.assertScript("""
                region C cxl start=0x200000000 size=256M target_node=1
                unbind dax0.0 kmem
                read /sys/devices/system/memory/memory64/state => ENOENT
                """);
        Scripts.assertScript("""
                memory auto_online=online
                region C cxl start=0x200000000 size=256M target_node=1
                unbind dax0.0 kmem => ok
                read /sys/devices/system/memory/memory64/state => "online"
                write /sys/devices/system/memory/memory64/state offline => ok
                write /sys/devices/system/memory/memory64/state offline => EINVAL
                write /sys/devices/system/memory/memory0/state offline => EBUSY
                """);
    }

    @Test
    void R90_cxlDevicesDefaultToMemmapOnMemory() {
        Scripts.assertScript("""
                region C cxl start=0x200000000 size=256M
                region H hmem start=0x300000000 size=256M
                read /sys/bus/dax/devices/dax0.0/memmap_on_memory => "1"
                read /sys/bus/dax/devices/dax1.0/memmap_on_memory => "0"
                """);
    }
}
