package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probe mode on a shared file mapping (no /dev/dax here): faults show up, SIGBUS past the end is caught. */
class DeviceProbeTest {

    @Test
    void touchesPagesAndCatchesSigbusPastTheEnd(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("backing");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(16 * 1024);
        }
        dev.daxscope.model.ProbeReport r = DeviceProbe.run(file.toString(), 64 * 1024, 16 * 1024, 4, true);
        assertThat(r.mapping().isOk()).isTrue();
        assertThat(r.pages()).hasSize(4);
        assertThat(r.pages().get(0).access().isOk()).isTrue();
        assertThat(r.pages().get(0).present()).isTrue();
        assertThat(r.pages().get(0).resident()).isTrue();
        // A page-cache page has a real refcount: kpagecount shows it where PFNs are readable (root).
        if (!r.pages().get(0).pfnHidden()) {
            assertThat(r.pages().get(0).kpagecount()).isPositive();
            assertThat(r.pages().get(0).countersNotVisible()).isFalse();
            assertThat(r.pages().get(0).counters()).startsWith("kpagecount ");
        } else {
            assertThat(r.pages().get(0).counters()).isEqualTo("kpagecount unreadable (needs root)");
        }
        assertThat(r.pages().subList(1, 4)).allSatisfy(p -> {
            assertThat(p.access().token()).isEqualTo("SIGBUS:ADRERR");
            assertThat(p.present()).isFalse();
        });
    }

    @Test
    void aFileMappingIsNotChargedAsDeviceMemoryButItsSmapsRssShows(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("backing");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(64 * 1024);
        }
        var r = DeviceProbe.run(file.toString(), 64 * 1024, 8 * 1024, 4, true);
        // page-cache pages are this file mapping's own: the device share stays 0, smaps shows 4 pages
        assertThat(r.accounting().rssFileCharged()).isZero();
        assertThat(r.accounting().smapsRss()).isEqualTo(16 * 1024);
        assertThat(r.accounting().kernel()).isEqualTo(System.getProperty("os.version"));
    }

    @Test
    void theAccountingLineNamesTheKernelAndWhetherThe615ChangeIsThere() {
        var after = new dev.daxscope.model.ProbeReport.Accounting("6.16.12+deb13-amd64", 4L << 20, 0);
        assertThat(after.describe()).isEqualTo("kernel 6.16.12+deb13-amd64: the mapping is charged 4 MiB of RssFile"
                + " (device-DAX pages are refcounted per mapping since 6.15); smaps Rss 0 KiB");
        var before = new dev.daxscope.model.ProbeReport.Accounting("6.12.117+deb12-amd64", 0, 4L << 20);
        assertThat(before.describe()).contains("kernel 6.12.117+deb12-amd64: the mapping is charged no RssFile")
                .contains("before 6.15").contains("R99").endsWith("smaps Rss 4 MiB");
        assertThat(new dev.daxscope.model.ProbeReport.Accounting("6.18.15", 0, 0).describe()).doesNotContain("before 6.15");
        assertThat(dev.daxscope.model.ProbeReport.Accounting.UNKNOWN.describe()).isEmpty();
    }

    @Test
    void aZoneDevicePageIsSaidToHideItsCounters() {
        // What /proc/kpageflags and kpagecount read for a ZONE_DEVICE page (R99): only KPF_NOPAGE, count 0.
        var page = new dev.daxscope.model.ProbeReport.Page(0, dev.daxscope.model.Outcome.ok(), true, 0x123400, false, true,
                0, Pagemap.KPF_NOPAGE);
        assertThat(page.countersNotVisible()).isTrue();
        assertThat(page.counters()).isEqualTo("refcount not visible from user space (R99)");
    }

    @Test
    void refusesWithoutAllowWriteAndReportsOpenErrors() {
        Cli.Run refused = Cli.run("probe", "/dev/dax0.0");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--allow-write");
        Cli.Run missing = Cli.run("probe", "/dev/dax-none", "--allow-write");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("ENOENT");
    }
}
