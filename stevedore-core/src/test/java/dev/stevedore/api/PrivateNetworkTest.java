package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.runtime.Entitlement;
import dev.stevedore.runtime.NetworkMode;
import dev.stevedore.runtime.Sandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    private HttpServer loopback;
    private HttpServer outside;

    @BeforeEach
    void setUp() throws IOException {
        h = new BuildHarness(dir);
        loopback = serve(InetAddress.getLoopbackAddress(), "loopback");
        outside = serve(nonLoopbackAddress(), "outside");
    }

    @AfterEach
    void tearDown() {
        if (loopback != null) {
            loopback.stop(0);
        }
        if (outside != null) {
            outside.stop(0);
        }
    }

    private String dockerfile(String runFlags) {
        return """
                FROM busybox
                RUN%s (busybox wget -q -O - http://127.0.0.1:%d/ || echo unreachable) > /loopback.out \\
                 && busybox wget -q -O - http://%s:%d/ > /outside.out
                """.formatted(runFlags, loopback.getAddress().getPort(),
                outside.getAddress().getAddress().getHostAddress(), outside.getAddress().getPort());
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

    private static HttpServer serve(InetAddress address, String answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** An IPv4 address of an interface that is up and not loopback: how a RUN reaches the host. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        List<InetAddress> addresses = NetworkInterface.networkInterfaces()
                .filter(PrivateNetworkTest::isUp).filter(i -> !isLoopback(i))
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).toList();
        assertThat(addresses).as("a non-loopback IPv4 address on this machine").isNotEmpty();
        return addresses.getFirst();
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean isLoopback(NetworkInterface i) {
        try {
            return i.isLoopback();
        } catch (SocketException e) {
            return true;
        }
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
