package dev.stevedore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Services on the host that a container may or may not reach: an HTTP server that answers every
 * request with one word, on the loopback address (out of a private network's reach) or on an
 * address of the host's other interfaces (the way out of a private network).
 */
public final class HostHttp implements AutoCloseable {

    private final HttpServer server;

    private HostHttp(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code answer} on {@code address}, on a free port. */
    public static HostHttp serve(InetAddress address, String answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new HostHttp(server);
    }

    /** {@code http://address:port/}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/";
    }

    /** An IPv4 address of an interface that is up and not loopback: how a private network reaches the host. */
    public static InetAddress nonLoopbackAddress() throws SocketException {
        List<InetAddress> addresses = NetworkInterface.networkInterfaces()
                .filter(HostHttp::isUp).filter(i -> !isLoopback(i))
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

    @Override
    public void close() {
        server.stop(0);
    }
}
