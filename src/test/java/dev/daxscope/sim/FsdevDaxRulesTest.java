package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.daxctl.DaxctlList;
import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;
import org.junit.jupiter.api.Test;

/** docs/semantics.md, "fsdev_dax: famfs mode" (R101-R107): the third driver on the dax bus, daxctl 85's famfs mode (7.3). */
class FsdevDaxRulesTest {

    /** Region A on 7.3 with dax0.1 of 512 MiB (2M align) bound to device_dax. */
    private static final String KERNEL_7_3 = "kernel 7.3\n" + Scripts.REGION_A_BOUND;

    @Test
    void R101_fsdevDaxIsOnTheBusFrom7xOnly() {
        Scripts.assertScript(KERNEL_7_3 + """
                read /sys/bus/dax/drivers/fsdev_dax/bind => EACCES
                """);
        Scripts.assertScript(Scripts.REGION_A_BOUND + """
                read /sys/bus/dax/drivers/fsdev_dax/bind => ENOENT
                unbind dax0.1
                bind dax0.1 fsdev_dax => ENOENT
                daxctl reconfigure-device --mode=famfs dax0.1 => ENOENT
                read /sys/bus/dax/devices/dax0.1/size => "536870912"
                """);
    }

    @Test
    void R102_fsdevDaxMatchesOnlyDevicesInItsIdList() {
        Scripts.assertScript(KERNEL_7_3 + """
                bind dax0.1 fsdev_dax => ENODEV
                unbind dax0.1
                bind dax0.1 fsdev_dax => ENODEV
                write /sys/bus/dax/drivers/fsdev_dax/new_id dax0.1
                unbind dax0.1 fsdev_dax
                bind dax0.1 device_dax
                bind dax0.1 fsdev_dax => EBUSY
                unbind dax0.1
                write /sys/bus/dax/drivers/fsdev_dax/remove_id dax0.1
                bind dax0.1 fsdev_dax => ENODEV
                """);
    }

    @Test
    void R103_fsdevProbeLeavesOrderZeroFoliosAndDeviceDaxBuildsCompoundOnesAgain() {
        Kernel k = Scripts.assertScript(KERNEL_7_3 + """
                daxctl reconfigure-device --mode=famfs dax0.1
                """).kernel();
        DevDax dev = k.device("dax0.1").orElseThrow();
        assertThat(dev.driver()).isEqualTo(DriverKind.FSDEV_DAX);
        assertThat(dev.folios().order()).isZero();
        assertThat(dev.folios().folioCount()).isEqualTo(0x20000000L / 4096);
        assertThat(dev.folioOfPgoff(0x201)).isEqualTo(0x201);
        write(k, "/sys/bus/dax/drivers/fsdev_dax/unbind", "dax0.1\n");
        assertThat(dev.folios()).isNull();
        write(k, "/sys/bus/dax/drivers/device_dax/bind", "dax0.1\n");
        assertThat(dev.folios().order()).isEqualTo(9);
        assertThat(dev.folioOfPgoff(0x201)).isEqualTo(1);
    }

    @Test
    void R103_staticRegionTakesOneRangeOnly() {
        Kernel k = Scripts.assertScript("""
                kernel 7.3
                region RP pmem start=0x100000000 size=512M
                unbind dax0.0
                write /sys/bus/dax/drivers/fsdev_dax/new_id dax0.0
                """).kernel();
        DevDax dev = k.device("dax0.0").orElseThrow();
        assertThat(dev.driver()).isEqualTo(DriverKind.FSDEV_DAX);
        write(k, "/sys/bus/dax/drivers/fsdev_dax/unbind", "dax0.0\n");
        dev.appendRange(0x120000000L, 0x1201fffffL);
        assertThat(write(k, "/sys/bus/dax/drivers/fsdev_dax/bind", "dax0.0\n")).isEqualTo("EINVAL");
    }

    @Test
    void R104_famfsDeviceOpensButHasNoMmapReadOrWriteAndKeepsItsSize() {
        Scripts.assertScript(KERNEL_7_3 + """
                daxctl reconfigure-device --mode=famfs dax0.1
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=2M as A => ENODEV
                P mmap F len=4K private as B => ENODEV
                P mmap F len=1G as C => ENODEV
                P mmap F len=2M sync as D => EOPNOTSUPP
                P fdread F len=4K => EINVAL
                write /sys/bus/dax/devices/dax0.1/size 0 => EBUSY
                write /sys/bus/dax/devices/dax0.1/align 4096 => EBUSY
                daxctl reconfigure-device --mode=devdax dax0.1
                P open /dev/dax0.1 as G
                P mmap G len=2M as E
                P read E => ok
                """);
    }

    @Test
    void R104_fileOpenedUnderDeviceDaxCannotMapOnceTheDeviceIsFamfs() {
        Scripts.assertScript(KERNEL_7_3 + """
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=2M as A
                P read A => ok
                daxctl reconfigure-device --mode=famfs dax0.1
                P read A => SIGBUS
                P mmap F len=2M as B => ENXIO
                """);
    }

    @Test
    void R105_daxctlFamfsTransitionsAndRefusals() {
        var runner = Scripts.assertScript(KERNEL_7_3 + """
                daxctl reconfigure-device --mode=famfs dax0.1
                daxctl reconfigure-device --mode=famfs dax0.1
                daxctl reconfigure-device -m famfs --no-online dax0.1 => EINVAL
                """);
        assertThat(mode(runner)).isEqualTo("\"mode\":\"famfs\"}");
        runner = Scripts.assertScript(KERNEL_7_3 + """
                daxctl reconfigure-device --mode=famfs dax0.1
                daxctl disable-device dax0.1
                """);
        assertThat(mode(runner)).isEqualTo("\"mode\":\"devdax\",\"state\":\"disabled\"}");
        runner = Scripts.assertScript(KERNEL_7_3 + """
                daxctl disable-device dax0.1
                daxctl reconfigure-device --mode=famfs dax0.1
                daxctl reconfigure-device -m system-ram dax0.1
                daxctl reconfigure-device --mode=famfs dax0.1 => EINVAL
                daxctl reconfigure-device -m devdax -f dax0.1
                daxctl reconfigure-device --mode=famfs dax0.1
                daxctl reconfigure-device -m devdax dax0.1
                """);
        assertThat(mode(runner)).isEqualTo("\"mode\":\"devdax\"}");
        assertThat(runner.kernel().bus().newIds(DriverKind.FSDEV_DAX)).isEmpty();
    }

    /** The tail of dax0.1's {@code daxctl list} object: its mode and state. */
    private static String mode(dev.daxscope.scenario.ScenarioRunner runner) {
        String json = DaxctlList.print(runner.inspector().snapshot("test"),
                new DaxctlList.Options(false, true, false, true, false, null, "dax0.1"));
        return json.substring(json.indexOf("\"mode\""), json.indexOf('}') + 1).replaceAll("\\s", "");
    }

    @Test
    void R106_memoryFailureOnAFamfsDeviceWithNoFilesystemIsRefused() {
        Kernel k = Scripts.assertScript(KERNEL_7_3 + """
                daxctl reconfigure-device --mode=famfs dax0.1
                spawn P
                poison 0x100200000 => EBUSY
                signals P => none
                """).kernel();
        assertThat(k.poison().poisonedLines(k.device("dax0.1").orElseThrow())).isEmpty();
        assertThat(k.poison().memoryFailure(0x100400000L, null, 0)).isInstanceOfSatisfying(Outcome.Failure.class,
                f -> assertThat(f.rule()).isEqualTo("R106"));
    }

    private static String write(Kernel k, String path, String value) {
        return k.sysfs().write(path, value).token();
    }
}
