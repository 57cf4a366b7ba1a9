package dev.daxscope.sim;

import org.junit.jupiter.api.Test;

/**
 * The [V] rules of auto-probe (R20) and of the numbers (R94-R97, docs/semantics.md), plus the
 * derived rule R32 (a mapping written while bound), each as a script the simulator must pass.
 */
class AutoProbeAndNumbersRulesTest {
    /** One region of each provider kind with a full-size device: dax0.0 (hmem), dax1.0 (cxl), dax2.0 (pmem). */
    private static final String PROVIDERS = """
            region H hmem start=0x100000000 size=1G
            region C cxl start=0x200000000 size=1G
            region P pmem start=0x300000000 size=1G
            """;

    @Test
    void R20_providerDevicesWithASizeBindThemselvesLaterSizesNeedABind() {
        Scripts.assertScript(PROVIDERS + """
                region D dynamic start=0x400000000 size=1G
                read /sys/bus/dax/drivers/kmem/dax0.0/size => "1073741824"
                read /sys/bus/dax/drivers/kmem/dax1.0/size => "1073741824"
                read /sys/bus/dax/drivers/device_dax/dax2.0/size => "1073741824"
                read /sys/bus/dax/drivers/device_dax/dax3.0/size => ENOENT
                read /sys/bus/dax/drivers/kmem/dax3.0/size => ENOENT
                write /sys/bus/dax/devices/dax3.0/size 0x10000000 => ok
                read /sys/bus/dax/drivers/device_dax/dax3.0/size => ENOENT
                bind dax3.0 device_dax => ok
                read /sys/bus/dax/drivers/device_dax/dax3.0/size => "268435456"
                """);
    }

    @Test
    void R94_pageSizesAndFaultOrders() {
        Scripts.assertScript("""
                region K dynamic start=0x100000000 size=2G align=4K
                region M dynamic start=0x200000000 size=2G align=2M
                region G dynamic start=0x400000000 size=2G align=1G
                write /sys/bus/dax/devices/dax0.0/size 0x40000000
                write /sys/bus/dax/devices/dax1.0/size 0x40000000
                write /sys/bus/dax/devices/dax2.0/size 0x40000000
                bind dax0.0 device_dax
                bind dax1.0 device_dax
                bind dax2.0 device_dax
                spawn P
                P open /dev/dax0.0 as FK
                P open /dev/dax1.0 as FM
                P open /dev/dax2.0 as FG
                P mmap FK len=1G as AK
                P read AK
                rss P => rss=4K
                folio dax0.0 pgoff=0 => ref=2 map=1
                folio dax0.0 pgoff=1 => ref=1 map=0
                P mmap FM len=1G as AM
                P read AM
                rss P => rss=2052K
                folio dax1.0 pgoff=0x1ff => ref=2 map=1
                folio dax1.0 pgoff=0x200 => ref=1 map=0
                P mmap FG len=1G as AG
                P read AG
                rss P => rss=1050628K
                folio dax2.0 pgoff=0x3ffff => ref=2 map=1
                """);
    }

    @Test
    void R95_sizesGoInTwoMegStepsEvenOnFourKDevices() {
        Scripts.assertScript("""
                region K dynamic start=0x100000000 size=1G align=4K
                read /sys/bus/dax/devices/dax0.0/align => "4096"
                write /sys/bus/dax/devices/dax0.0/size 4096 => EINVAL
                write /sys/bus/dax/devices/dax0.0/size 0x100000 => EINVAL
                write /sys/bus/dax/devices/dax0.0/size 0x200000 => ok
                """);
    }

    @Test
    void R96_memoryBlocksFollowTheBlockSizeReadAsBareHex() {
        Scripts.assertScript("""
                memory block=256M auto_online=online
                region C cxl start=0x200000000 size=512M target_node=1
                read /sys/devices/system/memory/block_size_bytes => "10000000"
                read /sys/devices/system/memory/memory32/state => "online"
                read /sys/devices/system/memory/memory33/state => "online"
                read /sys/devices/system/memory/memory34/state => ENOENT
                """);
        Scripts.assertScript("""
                region D dynamic start=0x100000000 size=1G
                read /sys/devices/system/memory/block_size_bytes => "8000000"
                """);
    }

    @Test
    void R97_defaultAlignsAndThePinBias() {
        Scripts.assertScript(PROVIDERS + """
                region G dynamic start=0x400000000 size=2G align=1G
                read /sys/bus/dax/devices/dax0.0/align => "2097152"
                read /sys/bus/dax/devices/dax1.0/align => "2097152"
                read /sys/bus/dax/devices/dax2.0/align => "2097152"
                write @G/create 1
                read /sys/bus/dax/devices/dax3.1/align => "1073741824"
                region K dynamic start=0x600000000 size=1G align=4K
                write /sys/bus/dax/devices/dax4.0/size 0x200000
                bind dax4.0 device_dax
                spawn Q
                Q open /dev/dax4.0 as F
                Q mmap F len=2M as A
                Q read A
                Q pin A as H1
                folio dax4.0 pgoff=0 => ref=1026 map=1 pin=1
                """);
    }

    @Test
    void R32_mappingWrittenWhileBoundWarnsAndFaultsThereSigbus() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write /sys/bus/dax/devices/dax0.1/mapping 0x120000000-0x12fffffff => ok
                read /sys/bus/dax/devices/dax0.1/size => "805306368"
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=768M as A
                P read A+0x1ff00000 => ok
                P read A+0x20000000 => SIGBUS
                """);
    }
}
