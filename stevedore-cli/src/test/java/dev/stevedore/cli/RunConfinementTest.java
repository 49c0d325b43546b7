package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.HostHttp;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stevedore run} is confined like a build's RUN: a private network by default (docker
 * run's bridge: the host's loopback services out of reach, the way out open), {@code --network
 * host|none} when asked, Docker's seccomp profile and capabilities, and {@code --security
 * insecure} only with {@code --allow security.insecure}. Real runc and slirp4netns; needs root.
 */
class RunConfinementTest {

    @TempDir
    Path dir;

    private String root;
    private HostHttp loopback;
    private HostHttp outside;

    @BeforeEach
    void setUp() throws Exception {
        BusyboxImage.assumeRunnable();
        root = dir.resolve("store").toString();
        BusyboxImage.write(Store.open(Path.of(root)), dir.resolve("image"), BusyboxImage.NAME,
                c -> c.withEnv(List.of("PATH=/bin")));
        loopback = HostHttp.serve(InetAddress.getLoopbackAddress(), "loopback");
        outside = HostHttp.serve(HostHttp.nonLoopbackAddress(), "outside");
    }

    @AfterEach
    void tearDown() {
        if (loopback != null) {
            loopback.close();
        }
        if (outside != null) {
            outside.close();
        }
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--root";
        all[1] = root;
        all[2] = "run";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.run("", all);
    }

    /** The flags, then a shell printing what each host service answered (or "unreachable"). */
    private CliRun fetchBoth(String... flags) {
        String script = "for u in " + loopback.url() + " " + outside.url() + "; do "
                + "busybox wget -q -O - $u || echo -n unreachable; echo; done";
        String[] args = new String[flags.length + 4];
        System.arraycopy(flags, 0, args, 0, flags.length);
        args[flags.length] = "busybox";
        args[flags.length + 1] = "sh";
        args[flags.length + 2] = "-c";
        args[flags.length + 3] = script;
        return run(args);
    }

    @Test
    void byDefaultTheRunReachesTheOutsideButNotTheHostsLoopback() {
        CliRun r = fetchBoth();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("unreachable\noutside\n");
        assertThat(fetchBoth("--network", "bridge").out()).isEqualTo("unreachable\noutside\n");
    }

    @Test
    void networkHostReachesTheHostsLoopbackAndNoneNothing() {
        CliRun host = fetchBoth("--network", "host");
        assertThat(host.code()).as(host.err()).isZero();
        assertThat(host.out()).as(host.err()).isEqualTo("loopback\noutside\n");
        CliRun none = fetchBoth("--network", "none");
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(none.out()).isEqualTo("unreachable\nunreachable\n");
    }

    @Test
    void theRunHasDockersSeccompProfileAndCapabilities() {
        CliRun r = run("busybox", "grep", "-E", "^(Seccomp|CapEff):", "/proc/self/status");
        assertThat(r.code()).as(r.err()).isZero();
        // Docker's 14 default capabilities; 2: a seccomp filter
        assertThat(r.out()).isEqualTo("CapEff:\t00000000a80425fb\nSeccomp:\t2\n");
    }

    @Test
    void securityInsecureNeedsItsEntitlementAndThenLiftsTheFilter() {
        CliRun refused = run("--security", "insecure", "busybox", "true");
        assertThat(refused.code()).isEqualTo(RunCommand.DAEMON_ERROR);
        assertThat(refused.err()).isEqualTo("ERROR: --security=insecure needs the security.insecure entitlement: "
                + "add --allow security.insecure\n");

        CliRun r = run("--security", "insecure", "--allow", "security.insecure", "busybox",
                "grep", "^Seccomp:", "/proc/self/status");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Seccomp:\t0\n");
    }

    @Test
    void unknownNetworksAndSecurityModesAreUsageErrors() {
        CliRun network = run("--network", "mynet", "busybox", "true");
        assertThat(network.code()).isEqualTo(2);
        assertThat(network.err()).contains("invalid --network \"mynet\": want bridge (default), host or none");
        CliRun security = run("--security", "privileged", "busybox", "true");
        assertThat(security.code()).isEqualTo(2);
        assertThat(security.err()).contains("invalid --security \"privileged\": want sandbox or insecure");
    }
}
