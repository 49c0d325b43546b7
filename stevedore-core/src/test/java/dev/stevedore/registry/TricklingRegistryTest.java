package dev.stevedore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that answers every request at once but sends a blob's body one byte at a time,
 * never pausing long enough for the idle timeout: the minimum rate gives it up, the pull
 * retries, then fails with a sentence naming the registry, the image and what happened.
 * The timeout is a hang guard (before the minimum rate, this pull never ended).
 */
class TricklingRegistryTest {

    private static final int CONFIG_SIZE = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBodyThatTricklesIsGivenUpRetriedAndFailsWithASentence() throws IOException {
        byte[] manifest = """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%d},"layers":[]}"""
                .formatted(MediaType.OCI_MANIFEST, MediaType.OCI_CONFIG, Digest.sha256(new byte[CONFIG_SIZE]),
                        CONFIG_SIZE).getBytes(StandardCharsets.UTF_8);
        AtomicInteger blobRequests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.contains("/manifests/")) {
                    exchange.getResponseHeaders().set("Content-Type", MediaType.OCI_MANIFEST);
                    send(exchange, manifest);
                } else if (path.contains("/blobs/")) {
                    blobRequests.incrementAndGet();
                    trickle(exchange);
                } else {
                    send(exchange, "{}".getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        server.start();
        String host = "127.0.0.1:" + server.getAddress().getPort();
        RegistryOptions options = RegistryOptions.defaults()
                .withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10)))
                .withMinimumRate(new MinimumRate(1000, Duration.ofSeconds(1)));
        ImageReference ref = ImageReference.parse(host + "/slow/app:1");
        try (RegistryClient client = new RegistryClient(options)) {
            Store store = Store.open(tmp.resolve("store"));
            assertThatThrownBy(() -> client.pull(ref, Platform.of("linux", "amd64"), store))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageStartingWith("pull " + ref + ": blob sha256:")
                    .hasMessageContaining(": the download from registry " + host + " broke off: the registry sent ")
                    .hasMessageContaining("slower than the minimum of 1000 bytes/s (the transfer trickled)")
                    .hasMessageEndingWith("(after 2 attempts)");
            assertThat(blobRequests).hasValue(2);
            assertThat(store.tags().list()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** One byte every 100 ms of a body announced as {@link #CONFIG_SIZE} bytes, until the client hangs up. */
    private static void trickle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, CONFIG_SIZE);
        OutputStream out = exchange.getResponseBody();
        try {
            for (int i = 0; i < CONFIG_SIZE; i++) {
                out.write(0);
                out.flush();
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up: what the test wants
        }
    }
}
