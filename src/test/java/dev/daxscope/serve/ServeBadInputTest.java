package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person who types the wrong thing sees: one line naming what and where, exit 2, no stack trace. */
class ServeBadInputTest {
    @TempDir
    Path tmp;

    private String demo() throws Exception {
        return ServedMachine.demoMachine(tmp).toString();
    }

    private static void oneLine(Cli.Run run, String expected) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).startsWith("daxscope serve: ").contains(expected)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            oneLine(Cli.run("serve", "--machine", demo(), "--listen", address),
                    "cannot listen on " + address + ": the port is in use by another program");
        }
    }

    @Test
    void anAddressOfNoInterfaceHereIsNamed() throws Exception {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no machine has it.
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "192.0.2.1:0"),
                "cannot listen on 192.0.2.1:0: no interface of this machine has that address");
    }

    @Test
    void sharingStateOffLoopbackWithoutTlsOrABadWebConfigIsRefused() throws Exception {
        oneLine(Cli.run("serve", "--machine", demo(), "--share-state", "--listen", "0.0.0.0:0"),
                "--share-state on 0.0.0.0:0 (not loopback) needs TLS and authentication");
        Path web = Files.writeString(tmp.resolve("web.yml"), "basic_auth_users:\n  alice: hunter2\n");
        oneLine(Cli.run("serve", "--machine", demo(), "--web.config.file", web.toString()),
                "--web.config.file " + web + ": the password of user 'alice' is not a bcrypt hash");
    }

    @Test
    void aListenValueThatIsNotHostAndPortIsNamed() throws Exception {
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "localhost"), "--listen 'localhost' is not HOST:PORT");
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "127.0.0.1:http"), "'http' in '127.0.0.1:http' is not a port");
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "127.0.0.1:70000"), "port 70000 is not between 0 and 65535");
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "::1:80"), "write an IPv6 address in brackets");
        // Bracketed but without a port: the hint is the missing port, not the brackets it already has.
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "[::1]"), "'[::1]' has no port: write [::1]:10329");
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "[::1]:"), "'[::1]:' has no port: write [::1]:10329");
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "[::1"), "'[::1' has no ']' closing the IPv6 address");
        oneLine(Cli.run("serve", "--machine", demo(), "--listen", "[::1]x80"), "'[::1]x80' is not [IPv6]:PORT");
    }

    @Test
    void treesThatCannotBeReadAreNamed() throws Exception {
        Path missing = tmp.resolve("no-such-sys");
        oneLine(Cli.run("serve", "--sysfs-root", missing.toString()), missing + " is not a directory");
        Path notCapture = Files.createDirectory(tmp.resolve("empty"));
        oneLine(Cli.run("serve", "--snapshot", notCapture.toString()), "is not a daxscope capture");
        oneLine(Cli.run("serve", "--machine", demo(), "--snapshot", notCapture.toString()),
                "give one of --machine, --snapshot, --sysfs-root");
        oneLine(Cli.run("serve", "--machine", demo(), "--min-interval", "-1"), "--min-interval must be between");
    }

    @Test
    void aMalformedMachineScriptIsNamedByFileLineAndColumn() throws Exception {
        Path bad = tmp.resolve("bad.dax");
        Files.writeString(bad, "region A dynamic start=0x100000000 size=1G\nfrobnicate now\n");
        Cli.Run run = Cli.run("serve", "--machine", bad.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith(bad + ":2:").doesNotContain("Exception");
    }
}
