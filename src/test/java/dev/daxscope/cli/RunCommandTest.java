package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code daxscope run} and friends as the language page §7 defines them. */
class RunCommandTest {
    private static final String SCRIPT = """
            region RA dynamic start=0x100000000 size=1G
            say "hello"
            write @RA/create 1                        => ok
            read @RA/seed
            write /sys/bus/dax/devices/dax0.1/size 1M => EINVAL
            write /sys/bus/dax/devices/dax0.1/size 2097152 => ENOSPC
            read @RA/seed                             => "dax0.1"
            """;

    private static Path write(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void printsOneLinePerStatementAndStopsAtTheFirstFailure(@TempDir Path dir) throws Exception {
        Path f = write(dir, "a.dax", SCRIPT);
        Cli.Run r = Cli.run("run", f.toString());
        assertThat(r.exit()).isEqualTo(1);
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith(f + ":1: region RA").endsWith("PASS");
        assertThat(lines[1]).isEqualTo(f + ":2: say: hello");
        assertThat(lines[3]).isEqualTo(f + ":4: read @RA/seed  -> \"dax0.1\"");
        assertThat(lines[4]).contains("-> EINVAL  PASS").contains("(R25)").contains("no unit suffixes");
        assertThat(lines[5]).contains(":6: ").contains("-> ok  FAIL (expected ENOSPC)");
        assertThat(lines[6]).isEqualTo(f + ": 6 statements: 3 passed, 1 failed, 0 skipped, 2 with nothing to check (1 not run after the first failure)");
        assertThat(lines).hasSize(7);
        assertThat(r.out().lines().filter(l -> l.contains("FAIL"))).hasSize(1);
    }

    @Test
    void continueRunsToTheEndAndTheNextFileStillRuns(@TempDir Path dir) throws Exception {
        Path a = write(dir, "a.dax", SCRIPT);
        Path b = write(dir, "b.dax", "region RB dynamic start=0x100000000 size=1G\n");
        Cli.Run stop = Cli.run("run", a.toString(), b.toString());
        assertThat(stop.out()).contains(b + ":1:");
        Cli.Run cont = Cli.run("run", "--continue", a.toString());
        assertThat(cont.exit()).isEqualTo(1);
        assertThat(cont.out()).contains(a + ":7: ");
    }

    @Test
    void jsonLinesCarryFileLineStatementResultExpectedAndPass(@TempDir Path dir) throws Exception {
        Path f = write(dir, "a.dax", SCRIPT);
        Cli.Run r = Cli.run("run", "--json", "--continue", f.toString());
        JsonMapper json = JsonMapper.builder().build();
        var lines = r.out().lines().toList();
        assertThat(lines).hasSize(9);
        JsonNode read = json.readTree(lines.get(3));
        assertThat(read.get("file").asString()).isEqualTo(f.toString());
        assertThat(read.get("line").asInt()).isEqualTo(4);
        assertThat(read.get("statement").asString()).isEqualTo("read @RA/seed");
        assertThat(read.get("result").asString()).isEqualTo("\"dax0.1\"");
        assertThat(read.get("expected").isNull()).isTrue();
        assertThat(read.get("pass").isNull()).isTrue();
        JsonNode failed = json.readTree(lines.get(5));
        assertThat(failed.get("pass").asBoolean()).isFalse();
        assertThat(failed.get("expected").asString()).isEqualTo("ENOSPC");
    }

    @Test
    void outputIsTheSameForAnyNumberOfWorkers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lib.dax");
        Files.copy(dev.daxscope.TestFiles.project().resolve("scenarios/01-seed-commit.dax"), f);
        Cli.Run one = Cli.run("run", "--workers", "1", f.toString());
        Cli.Run four = Cli.run("run", "--workers", "4", f.toString());
        assertThat(one.exit()).isZero();
        assertThat(four.out()).isEqualTo(one.out());
        assertThat(Cli.run("run", "--workers", "0", f.toString()).exit()).isEqualTo(2);
    }

    @Test
    void everyStatementOfTheLanguageRuns(@TempDir Path dir) throws Exception {
        Path f = write(dir, "all.dax", """
                kernel 6.16
                memory block=128M auto_online=offline nodes=2 ram=4G
                region RA dynamic start=0x100000000 size=1G align=2M id=0 target_node=1 numa_node=1
                region H hmem start=0x200000000 size=256M idle parent=/platform/hmem.9
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x10000000
                bind dax0.1 device_dax
                read /sys/bus/dax/devices/dax0.1/numa_node => "1"
                read /sys/devices/platform/hmem.9/dax_region/size => "268435456"
                user nobody
                read @RA/align => EACCES
                user root
                spawn P
                P open /dev/dax0.1 rw as F
                P mmap F len=4M off=0 shared rw populate as A
                folio dax0.1 pgoff=0x200 => ref=2 map=1
                P mmap F len=2M sync as S
                P touch A len=4M step=2M read
                P write A+0x10
                P mprotect A len=2M ro
                P read A
                P madvise A+0x200000 len=2M dontneed
                P pin A len=4K as H1
                P get A len=8K as H2
                P release H1
                P release H2
                P fdread F len=4 => EINVAL
                P mremap A len=2M newlen=4M maymove as B
                P prctl mce-kill early
                poison 0x100000000 by P => ok
                signals P => SIGBUS:MCEERR_AR
                P fork C
                C read B+0x1000 => ok
                rss C => rss=2M
                mappings C
                C exit
                P munmap B len=4M
                P close F
                pause
                say "done"
                daxctl disable-device dax0.1
                unbind dax0.1 => ENODEV
                bind dax0.1 device_dax
                unbind dax0.1 device_dax
                remove region H
                state
                check
                """);
        Cli.Run ok = Cli.run("run", f.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).doesNotContain("FAIL").contains("say: done").contains("\"chardev\":\"dax0.1\"");
    }

    @Test
    void listFiltersAndHumanFormats(@TempDir Path dir) throws Exception {
        Path m = write(dir, "m.dax", """
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x10000000
                region RB dynamic start=0x200000000 size=1G
                """);
        Cli.Run all = Cli.run("list", "--machine", m.toString(), "-RDi");
        JsonNode a = JsonMapper.builder().build().readTree(all.out());
        assertThat(a).hasSize(2);
        assertThat(a.get(0).get("available_size").asLong()).isEqualTo(805306368L);
        Cli.Run one = Cli.run("list", "--machine", m.toString(), "-d", "0.1", "-u");
        JsonNode o = JsonMapper.builder().build().readTree(one.out());
        assertThat(o.isObject()).isTrue();
        assertThat(o.get("size").asString()).isEqualTo("256.00 MiB (268.44 MB)");
        assertThat(o.get("state").asString()).isEqualTo("disabled");
        Cli.Run r1 = Cli.run("list", "--machine", m.toString(), "-R", "-r", "1");
        assertThat(JsonMapper.builder().build().readTree(r1.out()).get(0).get("id").asInt()).isEqualTo(1);
        Path bad = write(dir, "bad.dax", "region RA dynamic start=0x100000000 size=1G\nread @RA/seed => \"x\"\n");
        Cli.Run failing = Cli.run("list", "--machine", bad.toString());
        assertThat(failing.exit()).isEqualTo(1);
        assertThat(failing.err()).contains(bad + ":2:");
    }

    @Test
    void screenshotRefusesAnUnknownViewWithTheValidNames(@TempDir Path dir) {
        Cli.Run r = Cli.run("screenshot", "--out", dir.resolve("x.png").toString(), "--view", "galaxy");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("galaxy").contains("page-map").contains("region-map");
    }

    @Test
    void daxctlExitStatusIsMinusErrno(@TempDir Path dir) throws Exception {
        Path m = write(dir, "m.dax", "memory ram=1G\nregion P pmem start=0x40a00000 size=502M\n");
        Cli.Run r = Cli.run("daxctl", "--machine", m.toString(), "create-device", "-r", "0", "-s", "64M");
        assertThat(r.exit()).isEqualTo(228);
        Path saved = dir.resolve("after.dax");
        Cli.Run ok = Cli.run("daxctl", "--machine", m.toString(), "--save", saved.toString(), "reconfigure-device", "-m",
                "system-ram", "dax0.0");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"mode\":\"system-ram\"");
        assertThat(Cli.run("list", "--machine", saved.toString()).out()).contains("\"online_memblocks\":3");
    }
}
