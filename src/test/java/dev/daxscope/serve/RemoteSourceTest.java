package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daxscope.cli.Cli;
import dev.daxscope.source.PageMapSummary;
import dev.daxscope.source.remote.RemoteSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The client side over TLS with a password, on loopback: a remote machine reads as the local one
 * does, refuses every action, explains a wrong password or CA in one sentence, shows a lost
 * server and recovers when it is back; {@code list --remote} prints what {@code list} prints there.
 */
class RemoteSourceTest {
    @TempDir
    Path dir;
    TestCertificates certs;
    WebConfig web;

    @BeforeEach
    void serverFiles() throws Exception {
        certs = new TestCertificates(dir);
        certs.ca("ca");
        certs.ca("other-ca");
        certs.signed("ca", "server");
        Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "basic_auth_users:\n  alice: '" + BCrypt.hashpw("s3cret", BCrypt.gensalt(4)) + "'\n");
        web = WebConfig.load(dir.resolve("web.yml"));
    }

    private Exporter serve(SimulatedSource machine, int port) throws Exporter.ListenFailure {
        return Exporter.start(new SnapshotCache(machine, 0, System::nanoTime), new ListenAddress("127.0.0.1", port),
                System.err::println, new Exporter.Options(true, web));
    }

    private RemoteSource.Endpoint endpoint(Exporter e, String password, String ca) throws Exception {
        return new RemoteSource.Endpoint(URI.create("https://" + e.address()), "alice", password, certs.client(ca, null));
    }

    @Test
    void aRemoteMachineReadsAsTheLocalOneAndRefusesActions() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter e = serve(machine, 0);
             RemoteSource remote = RemoteSource.connect(endpoint(e, "s3cret", "ca"))) {
            assertThat(remote.snapshot()).isEqualTo(machine.snapshot());
            assertThat(remote.topology()).isEqualTo(machine.topology());
            assertThat(remote.events(0, 1 << 16).events()).isEqualTo(machine.events(0, 1 << 16).events());
            PageMapSummary local = machine.pageMap("dax0.1", 0, Long.MAX_VALUE, 64);
            PageMapSummary far = remote.pageMap("dax0.1", 0, Long.MAX_VALUE, 64);
            assertThat(far.maxMap()).isEqualTo(local.maxMap());
            assertThat(far.level()).isEqualTo(local.level());
            assertThat(remote.writable()).isFalse();
            assertThat(remote.write("/sys/bus/dax/devices/dax0.1/size", "0").explanation())
                    .startsWith("actions stay local to a machine");
            assertThat(remote.daxctl(java.util.List.of("disable-device", "dax0.1")).isOk()).isFalse();
            assertThat(machine.snapshot().device("dax0.1").orElseThrow().size()).as("untouched").isPositive();
        }
    }

    @Test
    void aWrongPasswordOrCaIsExplainedInOneSentence() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter e = serve(machine, 0)) {
            assertThatThrownBy(() -> RemoteSource.connect(endpoint(e, "guess", "ca")))
                    .isInstanceOf(RemoteSource.Unreachable.class).hasMessageContaining("refused the user and password (401)");
            assertThatThrownBy(() -> RemoteSource.connect(endpoint(e, "s3cret", "other-ca")))
                    .isInstanceOf(RemoteSource.Unreachable.class).hasMessageContaining("not signed by a CA this machine trusts");
            assertThatThrownBy(() -> RemoteSource.connect(new RemoteSource.Endpoint(URI.create("http://" + e.address()),
                    "alice", "s3cret", null))).isInstanceOf(RemoteSource.Unreachable.class).hasMessageContaining("400");
        }
    }

    @Test
    void aLostServerIsShownAndTheConnectionRecoversWhenItIsBack() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo()) {
            Exporter first = serve(machine, 0);
            int port = first.address().port();
            try (RemoteSource remote = RemoteSource.connect(endpoint(first, "s3cret", "ca"))) {
                remote.refreshEvery(Duration.ZERO);
                assertThat(remote.snapshot().warnings()).isEmpty();
                long connected = remote.generation();
                first.close();
                assertThat(remote.generation()).as("a window polling the generation sees the loss").isGreaterThan(connected);
                assertThat(remote.snapshot().warnings()).first().asString()
                        .startsWith("connection to 127.0.0.1:" + port + " lost").contains("retrying");
                assertThat(remote.snapshot().processes()).as("the last reading is still shown").isNotEmpty();
                long lost = remote.generation();
                try (Exporter again = serve(machine, port)) {
                    assertThat(remote.snapshot().warnings()).as("back").isEmpty();
                    assertThat(remote.generation()).isGreaterThan(lost);
                }
            }
        }
    }

    @Test
    void listRemotePrintsWhatListPrintsOnTheServer() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter e = serve(machine, 0)) {
            Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
            Cli.Run remote = Cli.run("list", "-RDM", "--remote", "https://" + e.address(), "--user", "alice",
                    "--password-file", password.toString(), "--cacert", dir.resolve("ca.crt").toString());
            Cli.Run local = Cli.run("list", "-RDM", "--machine", ServedMachine.demoMachine(dir).toString());
            assertThat(remote.exit()).as(remote.toString()).isZero();
            assertThat(remote.out()).isEqualTo(local.out()).contains("dax0.1");
            Cli.Run wrong = Cli.run("list", "--remote", "https://" + e.address(), "--user", "alice",
                    "--password-file", Files.writeString(dir.resolve("bad"), "guess").toString(),
                    "--cacert", dir.resolve("ca.crt").toString());
            assertThat(wrong.exit()).isEqualTo(2);
            assertThat(wrong.out()).as("nothing shown").isEmpty();
            assertThat(wrong.err().strip().lines()).hasSize(1).first().asString().contains("refused the user and password");
        }
    }
}
