package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.Outcome;
import dev.daxscope.source.linux.LinuxSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FFM backend against files the kernel really serves here (no /dev/dax on build machines):
 * a shared memfd mapping made with our own mmap downcall shows up in pagemap, mincore and
 * /proc/self/maps, and touching past a truncated memfd raises a SIGBUS we catch.
 */
class RealKernelFilesTest {
    private static final long PAGE = 4096;
    private static final Path SELF = Path.of("/proc/self");
    private int fd = -1;
    private long addr;
    private long len;

    @BeforeEach
    void mapAMemfd() {
        fd = Libc.memfdCreate("daxscope-test");
        assertThat(fd).as("memfd_create errno %d", Libc.lastErrno()).isGreaterThanOrEqualTo(0);
        len = 8 * PAGE;
        assertThat(Libc.ftruncate(fd, len)).isZero();
        addr = Libc.mmap(0, len, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        assertThat(addr).as("mmap errno %d", Libc.lastErrno()).isNotEqualTo(Libc.MAP_FAILED);
    }

    @AfterEach
    void unmap() {
        if (addr != 0 && addr != Libc.MAP_FAILED) {
            assertThat(Libc.munmap(addr, len)).isZero();
        }
        if (fd >= 0) {
            assertThat(Libc.close(fd)).isZero();
        }
    }

    @Test
    void touchedPagesArePresentInPagemapAndMincoreAgrees() throws Exception {
        assertThat(Probe.write(addr, (byte) 7).isOk()).isTrue();
        assertThat(Probe.write(addr + 3 * PAGE, (byte) 9).isOk()).isTrue();
        Pagemap.Entry touched = Pagemap.entry(SELF, addr);
        Pagemap.Entry other = Pagemap.entry(SELF, addr + 3 * PAGE);
        assertThat(touched.present()).isTrue();
        assertThat(touched.fileOrShared()).as("a shared memfd page is file-backed").isTrue();
        // soft-dirty depends on CONFIG_MEM_SOFT_DIRTY, so it is read but not asserted.
        assertThat(other.present()).isTrue();
        boolean privileged = Files.isReadable(Path.of("/proc/kpagecount")) && touched.pfn() != 0;
        if (privileged) {
            assertThat(touched.pfn()).isNotEqualTo(other.pfn());
            assertThat(Pagemap.kpagecount(Path.of("/proc"), touched.pfn())).isGreaterThanOrEqualTo(1);
            assertThat(Pagemap.kpageflags(Path.of("/proc"), touched.pfn()) & Pagemap.KPF_NOPAGE).isZero();
        } else {
            assertThat(touched.pfnHidden()).isTrue();
        }
        byte[] core = Libc.mincore(addr, len);
        assertThat(core).isNotNull().hasSize(8);
        assertThat(core[0] & 1).isEqualTo(1);
        assertThat(core[3] & 1).isEqualTo(1);
        assertThat(Libc.madvise(addr, len, Libc.MADV_DONTNEED)).isZero();
    }

    @Test
    void theSmapsRssOfOurMappingCountsTheTouchedPages() {
        for (int page : new int[] {0, 2, 5}) {
            assertThat(Probe.write(addr + page * PAGE, (byte) 1).isOk()).isTrue();
        }
        List<ProcMaps.ProcessMappings> found = ProcMaps.scan(Path.of("/proc"), p -> p.contains("memfd:daxscope-test"));
        int pid = (int) ProcessHandle.current().pid();
        assertThat(found).filteredOn(pm -> pm.pid() == pid).singleElement()
                .satisfies(pm -> assertThat(pm.mappings()).filteredOn(m -> m.start() == addr).singleElement()
                        .satisfies(m -> assertThat(m.rssKiB()).isEqualTo(3 * PAGE / 1024)));
    }

    @Test
    void theLinuxSourceListsOurMappingsPresentPagesFromPagemap() {
        for (int page : new int[] {1, 4, 6}) {
            assertThat(Probe.write(addr + page * PAGE, (byte) 1).isOk()).isTrue();
        }
        // This machine's real /sys and /proc; our memfd stands in for a /dev/dax mapping.
        var machine = new dev.daxscope.source.linux.LinuxSource(Path.of("/sys"), Path.of("/proc"), "this machine", null,
                Path.of("/dev"), p -> p.contains("memfd:daxscope-test"));
        int pid = (int) ProcessHandle.current().pid();
        assertThat(machine.snapshot().processes()).anySatisfy(p -> assertThat(p.pid()).isEqualTo(pid));
        var entries = machine.entries(pid, addr, 16);
        assertThat(entries).extracting(dev.daxscope.model.MachineSnapshot.EntryInfo::address)
                .containsExactly(addr + PAGE, addr + 4 * PAGE, addr + 6 * PAGE);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.level()).isEqualTo("page");
            assertThat(e.pgoff()).isEqualTo((e.address() - addr) / PAGE);
            assertThat(e.writable()).isTrue();
        });
        assertThat(machine.entries(pid, addr, 2)).hasSize(2);
        assertThat(machine.entries(pid, addr + PAGE, 16)).as("no mapping starts there").isEmpty();
    }

    @Test
    void pollsOfTheRealMachineTurnPagesThatCameAndWentIntoFaultAndZapEvents() {
        var machine = new dev.daxscope.source.linux.LinuxSource(Path.of("/sys"), Path.of("/proc"), "this machine", null,
                Path.of("/dev"), p -> p.contains("memfd:daxscope-test"));
        int pid = (int) ProcessHandle.current().pid();
        machine.refresh();
        long start = machine.events(0, 100).nextSeq();
        assertThat(Probe.write(addr + 2 * PAGE, (byte) 1).isOk()).isTrue();
        assertThat(Probe.write(addr + 5 * PAGE, (byte) 1).isOk()).isTrue();
        machine.refresh();
        var faults = machine.events(start, 100);
        assertThat(faults.events()).extracting(e -> e.kind() + " " + e.pid() + " " + Long.toHexString(e.address() - addr)
                + " " + e.pgoff() + " " + e.result()).containsExactly(
                "FAULT " + pid + " 2000 2 now present (pagemap)", "FAULT " + pid + " 5000 5 now present (pagemap)");
        assertThat(Libc.madvise(addr + 2 * PAGE, PAGE, Libc.MADV_DONTNEED)).isZero();
        machine.refresh();
        assertThat(machine.events(faults.nextSeq(), 100).events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(dev.daxscope.model.FaultEvent.Kind.ZAP);
            assertThat(e.address()).isEqualTo(addr + 2 * PAGE);
            assertThat(e.result()).isEqualTo("no longer present (pagemap)");
        });
    }

    @Test
    void theMapsScanFindsOurMapping() {
        List<ProcMaps.ProcessMappings> found = ProcMaps.scan(Path.of("/proc"), p -> p.contains("memfd:daxscope-test"));
        long pid = ProcessHandle.current().pid();
        assertThat(found).anySatisfy(pm -> {
            assertThat(pm.pid()).isEqualTo((int) pid);
            assertThat(pm.mappings()).anySatisfy(m -> {
                assertThat(m.start()).isEqualTo(addr);
                assertThat(m.end()).isEqualTo(addr + len);
                assertThat(m.shared()).isTrue();
            });
        });
    }

    @Test
    void touchingPastATruncatedFileRaisesACaughtSigbusAndTheJvmGoesOn() {
        assertThat(Probe.read(addr).isOk()).isTrue();
        assertThat(Libc.ftruncate(fd, PAGE)).isZero();
        Outcome beyond = Probe.read(addr + 2 * PAGE);
        assertThat(beyond).isInstanceOfSatisfying(Outcome.Signal.class, s -> {
            assertThat(s.signal()).isEqualTo("SIGBUS");
            assertThat(s.address()).isEqualTo(addr + 2 * PAGE);
        });
        Outcome again = Probe.write(addr + 5 * PAGE, (byte) 1);
        assertThat(again.token()).isEqualTo("SIGBUS:ADRERR");
        assertThat(Probe.read(addr).isOk()).as("the first page still works").isTrue();
    }

    @Test
    void failedCallsReportTheKernelsErrno() {
        assertThat(Libc.open("/dev/dax-does-not-exist", Libc.O_RDWR)).isEqualTo(-1);
        assertThat(Probe.errno(Libc.lastErrno()).name()).isEqualTo("ENOENT");
        assertThat(Libc.mmap(0, 0, Libc.PROT_READ, Libc.MAP_SHARED, fd, 0)).isEqualTo(Libc.MAP_FAILED);
        assertThat(Probe.errno(Libc.lastErrno()).name()).isEqualTo("EINVAL");
        assertThat(Libc.madvise(addr + 1, PAGE, Libc.MADV_DONTNEED)).isEqualTo(-1);
        assertThat(Probe.errno(Libc.lastErrno()).name()).isEqualTo("EINVAL");
    }
}
