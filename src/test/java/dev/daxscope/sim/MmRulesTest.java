package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/semantics.md, "mmap", "Faults", "Refcount lifecycle" (zap, fork, exit, GUP) and "Poison", one test per [V] rule. */
class MmRulesTest {
    private static final String MAPPED = Scripts.REGION_A_BOUND + """
            spawn P
            P open /dev/dax0.1 as F
            """;

    @Test
    void R40_fileOperationsAreOnlyMmap() {
        Scripts.assertScript(MAPPED + """
                P fdread F len=16 => EINVAL
                P close F => ok
                P fdread F len=16 => EBADF
                """);
    }

    @Test
    void R41_checkVmaOrderDeadThenPrivateThenAlignment() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=2M private as A1 => EINVAL
                P mmap F len=3M as A2 => EINVAL
                unbind dax0.1
                P mmap F len=2M private as A3 => ENXIO
                """);
    }

    @Test
    void R42_readOnlyFileRefusesSharedWritableMapping() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                spawn P
                P open /dev/dax0.1 ro as F
                P mmap F len=2M as A => EACCES
                P mmap F len=2M ro as B => ok
                P write B => SIGSEGV:ACCERR
                P read B => ok
                """);
    }

    @Test
    void R43_genericMmapErrors() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=0 as A => EINVAL
                P mmap F len=2M off=0x1001 as B => EINVAL
                P mmap F len=2M at=0x600000000001 as C => EINVAL
                """);
    }

    @Test
    void R44_unmappedAreaIsAlignedToTheOffsetModuloAlign() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=4M off=2M as A => ok
                P read A => ok
                folio dax0.1 pgoff=0x200 => ref=2 map=1
                P mmap F len=2M off=1M as B => EINVAL
                """);
    }

    @Test
    void R45_splitsOffTheAlignAreRefused() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=4M as A
                P munmap A+0x1000 len=2M => EINVAL
                P mprotect A len=4K ro => EINVAL
                P mremap A len=4M newlen=3M as B => EINVAL
                P mprotect A len=2M ro => ok
                P munmap A+0x200000 len=2M => ok
                """);
    }

    @Test
    void R46_R48_R55_levelFollowsTheDeviceAlign() {
        var runner = Scripts.assertScript(Scripts.REGION_A_BOUND + """
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.2/align 4096
                write /sys/bus/dax/devices/dax0.2/size 0x200000
                bind dax0.2 device_dax
                spawn P
                P open /dev/dax0.1 as F
                P open /dev/dax0.2 as G
                P mmap F len=2M as A
                P mmap G len=8K as B
                P read A
                P read B+0x1000
                rss P => rss=2052K
                mappings P => ok
                """);
        var vmas = runner.inspector().snapshot("t").processes().stream().filter(p -> p.name().equals("P")).findFirst()
                .orElseThrow().vmas();
        // The 2M-aligned device maps one PMD entry, the 4K-aligned one one PTE: the level is the align.
        assertThat(vmas).extracting(v -> v.device() + " pte=" + v.ptes() + " pmd=" + v.pmds() + " pud=" + v.puds())
                .containsExactlyInAnyOrder("dax0.1 pte=0 pmd=1 pud=0", "dax0.2 pte=1 pmd=0 pud=0");
    }

    @Test
    void R49_R50_thpDisableOnlyMattersThroughMadvise() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=4M as A
                P madvise A len=4M nohugepage => ok
                P read A => SIGBUS:ADRERR
                P madvise A len=4M hugepage => ok
                P read A => ok
                """);
    }

    @Test
    void R51_R56_accessBeyondTheDeviceIsSigbusAdrerr() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=1G as A
                P read A+0x20000000 => SIGBUS:ADRERR
                P write A+0x3fffffff => SIGBUS:ADRERR
                P read A+0x1fffffff => ok
                """);
    }

    @Test
    void R52_R53_R54_handlersRefuseLevelsAboveTheAlign() {
        Scripts.assertScript("""
                region RC dynamic start=0x300000000 size=4G
                write @RC/create 1
                write /sys/bus/dax/devices/dax0.1/align 1073741824
                write /sys/bus/dax/devices/dax0.1/size 0x40000000
                bind dax0.1 device_dax
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=1G as A
                P madvise A len=1G nohugepage
                P read A => SIGBUS
                P madvise A len=1G hugepage
                P read A+0x12345000 => ok
                folio dax0.1 pgoff=0 => ref=2 map=1
                rss P => rss=1G
                """);
    }

    @Test
    void R58_firstFaultSetsTheFolioMappingSoPoisonCanFindIt() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=2M as A
                poison 0x100000000 => EBUSY
                P read A
                poison 0x100000000 => ok
                """);
    }

    @Test
    void R59_R60_R61_R65_eachEntryTakesOneReferenceRacingFaultsNone() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=2M as A
                P read A
                P write A+0x1000
                P read A+0x2000
                folio dax0.1 pgoff=0 => ref=2 map=1
                P mmap F len=2M as B
                P read B
                folio dax0.1 pgoff=0 => ref=3 map=2
                """);
    }

    @Test
    void R62_R63_hugeEntriesMapTheContainingFolioFromItsHead() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=2M off=0x1000 at=0x600000000000 as W
                P read W => ok
                folio dax0.1 pgoff=0 => ref=2 map=1
                folio dax0.1 pgoff=1 => ref=2 map=1
                """);
    }

    @Test
    void R64_writeUpgradesChangeNoCounts() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=2M as A
                P read A
                P mprotect A len=2M ro
                P write A => SIGSEGV:ACCERR
                P mprotect A len=2M rw
                P write A => ok
                folio dax0.1 pgoff=0 => ref=2 map=1
                """);
    }

    @Test
    void R66_idleFoliosHaveRefcountOne() {
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                folio dax0.1 pgoff=0 => ref=1 map=0 pin=0
                folio dax0.1 pgoff=0x1fe00 => ref=1 map=0 pin=0
                folio dax0.1 pgoff=0x20000 => none
                folio dax0.0 pgoff=0 => none
                """);
    }

    @Test
    void R68_R70_R71_zapDropsWholeEntriesEvenWhenPartlyCovered() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=4M as A
                P touch A len=4M step=2M
                P madvise A+0x1ff000 len=0x2000 dontneed
                folio dax0.1 pgoff=0 => ref=1 map=0
                folio dax0.1 pgoff=0x200 => ref=1 map=0
                rss P => rss=0
                """);
    }

    @Test
    void R72_mremapMovesAlignedEntriesWithoutChangingCounts() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=2M as A
                P read A
                P mremap A len=2M newlen=4M maymove as B => ok
                folio dax0.1 pgoff=0 => ref=2 map=1
                P read B+0x200000
                folio dax0.1 pgoff=0x200 => ref=2 map=1
                rss P => rss=4M
                """);
    }

    @Test
    void R73_R74_forkCopiesNoEntriesAndExitZapsAll() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=2M as A
                P read A
                P fork C
                rss C => rss=0
                C read A
                folio dax0.1 pgoff=0 => ref=3 map=2
                C exit
                P exit
                folio dax0.1 pgoff=0 => ref=1 map=0
                """);
    }

    @Test
    void R75_getAddsOnePerPageAndPinOfALargeFolioOnePerPage() {
        Scripts.assertScript(MAPPED + """
                P mmap F len=2M as A
                P get A len=8K as G
                folio dax0.1 pgoff=0 => ref=4 map=1 pin=0
                P pin A len=12K as H
                folio dax0.1 pgoff=0 => ref=7 map=1 pin=3
                check
                P release G
                P release H
                folio dax0.1 pgoff=0 => ref=2 map=1 pin=0
                """);
    }

    @Test
    void R77_quirkProfileKeepsRefcountsOn615() {
        Scripts.assertScript("kernel 6.15\n" + MAPPED + """
                P mmap F len=2M as A
                P read A
                folio dax0.1 pgoff=0 => ref=2 map=1
                rss P => rss=2M
                """);
    }

    @Test
    void pre615ProfileTakesNoPerMappingReference() {
        Scripts.assertScript("kernel 6.12\n" + MAPPED + """
                P mmap F len=2M as A
                P read A
                folio dax0.1 pgoff=0 => ref=1 map=0
                rss P => rss=0
                """);
    }

    @Test
    void R91_softOfflineOfADeviceDaxPageIsEio() {
        Scripts.assertScript(MAPPED + """
                write /sys/devices/system/memory/soft_offline_page 0x100000000 => EIO
                write /sys/devices/system/memory/soft_offline_page 0x900000000 => ENXIO
                write /sys/devices/system/memory/hard_offline_page 0x100000000 => EBUSY
                """);
    }

    @Test
    void R92_R93_poisonPoisonsTheFolioAndRefaultsConsumeItAgain() {
        Scripts.assertScript(MAPPED + """
                spawn Q
                Q open /dev/dax0.1 as G
                Q prctl mce-kill early
                P mmap F len=2M as A
                Q mmap G len=2M as B
                P read A
                Q read B
                poison 0x100001000 => ok
                signals P => none
                signals Q => SIGBUS:MCEERR_AO
                folio dax0.1 pgoff=0 => ref=1 map=0
                P read A+0x1000 => SIGBUS:MCEERR_AR
                folio dax0.1 pgoff=0 => ref=1 map=0
                P read A => ok
                folio dax0.1 pgoff=0 => ref=2 map=1
                """);
    }
}
