package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.runtime.Entitlement;
import dev.stevedore.api.NetworkMode;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.testing.HostHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN has a network of its own by default, as under Docker's builder: a service the host binds
 * on 127.0.0.1 is out of its reach, one on the host's other addresses (the way out) is not;
 * {@code --network host} reaches both; {@code RUN --network=host} needs {@code --allow
 * network.host}. Needs root, runc, busybox and slirp4netns, and a non-loopback IPv4 address.
 */
class PrivateNetworkTest {

    @TempDir
    Path dir;

    private BuildHarness h;
    private HostHttp loopback;
    private HostHttp outside;

    @BeforeEach
    void setUp() throws IOException {
        h = new BuildHarness(dir);
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

    private String dockerfile(String runFlags) {
        return """
                FROM busybox
                RUN%s (busybox wget -q -O - %s || echo unreachable) > /loopback.out \\
                 && busybox wget -q -O - %s > /outside.out
                """.formatted(runFlags, loopback.url(), outside.url());
    }

    @Test
    void byDefaultRunReachesTheOutsideButNotTheHostsLoopback() throws IOException {
        h.build(dockerfile(""));

        assertThat(output("loopback.out")).isEqualTo("unreachable\n");
        assertThat(output("outside.out")).isEqualTo("outside");
    }

    @Test
    void withTheHostsNetworkRunReachesTheHostsLoopback() throws IOException {
        h.build(dockerfile(""), r -> r.network(NetworkMode.HOST));

        assertThat(output("loopback.out")).isEqualTo("loopback");
        assertThat(output("outside.out")).isEqualTo("outside");
    }

    @Test
    void runNetworkHostNeedsTheEntitlement() throws IOException {
        assertThatThrownBy(() -> h.build(dockerfile(" --network=host")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Dockerfile:2")
                .hasMessageContaining("RUN --network=host needs the network.host entitlement: "
                        + "build with --allow network.host");

        h.build(dockerfile(" --network=host"), r -> r.sandbox(Sandbox.DEFAULT.withAllowed(
                Set.of(Entitlement.NETWORK_HOST))));
        assertThat(output("loopback.out")).isEqualTo("loopback");
    }

    /**
     * The RUNs of a build borrow one network in turn (starting one per RUN cost as much as runc's
     * own work), yet a RUN finds nothing of the one before: its daemon and its listening socket died
     * with it (its PID namespace), as they would in a network of its own. What does remain is the
     * kernel's memory of its closed connection (TCP TIME_WAIT), which shows the network was shared
     * (namespace inode numbers cannot: the kernel reuses them).
     */
    @Test
    void runsOfABuildShareANetworkButNotWhatRanOrListenedThere() throws IOException {
        String port8080 = "busybox awk '%s && ($2 ~ /:1F90$/ || $3 ~ /:1F90$/)' /proc/net/tcp | busybox wc -l";
        h.build("""
                FROM busybox
                RUN busybox httpd -p 127.0.0.1:8080 -h / && busybox sleep 0.3 \\
                 && (busybox wget -q -O /dev/null http://127.0.0.1:8080/none || true) \\
                 && %s > /listening1
                RUN %s > /listening2 && %s > /closed2 && busybox ip -4 addr > /addrs2
                """.formatted(port8080.formatted("$4 == \"0A\""), port8080.formatted("$4 == \"0A\""),
                port8080.formatted("$4 == \"06\"")));

        assertThat(output("listening1").strip()).isEqualTo("1");
        assertThat(output("listening2").strip()).isEqualTo("0");
        assertThat(Integer.parseInt(output("closed2").strip())).isPositive();
        assertThat(output("addrs2")).contains("10.0.2.100");
    }

    /**
     * A RUN with every capability could change its network (addresses, routes, filters): the next
     * RUN gets another.
     */
    @Test
    void aRunThatCouldChangeItsNetworkDoesNotPassItOn() throws IOException {
        h.build("""
                FROM busybox
                RUN --security=insecure busybox ip addr add 10.9.9.9/32 dev tap0 && busybox ip -4 addr > /addrs1
                RUN busybox ip -4 addr > /addrs2
                """, r -> r.sandbox(Sandbox.DEFAULT.withAllowed(Set.of(Entitlement.SECURITY_INSECURE))));

        assertThat(output("addrs1")).contains("10.9.9.9");
        // (not told by the namespaces' inode numbers: the kernel reuses the first's for the next)
        assertThat(output("addrs2")).contains("10.0.2.100").doesNotContain("10.9.9.9");
    }

    /** What the last build's RUN wrote to {@code /name}, read from its snapshot (the newest). */
    private String output(String name) throws IOException {
        try (Stream<Path> files = Files.walk(h.root.resolve("snapshots"))) {
            Path out = files.filter(p -> p.endsWith("fs/" + name))
                    .max(java.util.Comparator.comparingLong(PrivateNetworkTest::modified)).orElseThrow();
            return Files.readString(out);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
