package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stevedore.cache.CacheExchange;
import dev.stevedore.cache.CacheExporter;
import dev.stevedore.cache.CacheLocation;
import dev.stevedore.cache.CacheRecord;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Lease;
import dev.stevedore.testing.TarBuilder;
import dev.stevedore.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cache-to ...,cache-mounts=true}: the contents of {@code RUN --mount=type=cache}
 * travel with the shared cache, so that a fresh store's RUN finds its downloads in place. The
 * RUN downloads from an HTTP server of the test's only when its cache mount lacks the file; the
 * server counts the downloads. Root and runc needed.
 */
class CacheMountTravelTest {

    @TempDir
    Path dir;

    HttpServer server;
    final AtomicInteger downloads = new AtomicInteger();
    TestRegistry registry;
    BuildHarness a;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dep", exchange -> {
            downloads.incrementAndGet();
            byte[] body = "dependency-payload\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        a = machine("a");
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        if (registry != null) {
            registry.close();
        }
    }

    /** The RUN reads the edited source, so it reruns on every machine; it downloads only into an empty cache. */
    private String dockerfile() {
        return """
                FROM busybox
                COPY src.txt /src.txt
                RUN --mount=type=cache,target=/deps sh -c 'test -s /deps/dep || echo -e "GET /dep HTTP/1.0\\r\\n\\r" \
                | nc 127.0.0.1 %d > /deps/dep; grep -q dependency-payload /deps/dep && cat /deps/dep /src.txt > /out'
                """.formatted(server.getAddress().getPort());
    }

    @Test
    void aFreshStoreRerunsTheRunWithoutDownloadingAgain() throws Exception {
        registry = TestRegistry.start();
        String ref = registry.host() + "/cache:mounts";
        build(a, "type=registry,ref=" + ref + ",cache-mounts=true", null);
        assertThat(downloads).as("machine A downloads once").hasValue(1);

        BuildHarness b = machine("b");
        b.file("src.txt", "edited on b\n");
        Path exported = dir.resolve("from-b");
        build(b, "type=local,dest=" + exported + ",cache-mounts=true", "type=registry,ref=" + ref);
        assertThat(b.steps(BuildEvent.StepDone.class)).anyMatch(s -> s.contains("] RUN --mount=type=cache"));
        assertThat(downloads).as("machine B's RUN found the dependency in its restored cache mount").hasValue(1);

        // B's cache mount, as B's RUN left it, travels on through B's own export
        BuildHarness c = machine("c");
        c.file("src.txt", "edited on c\n");
        build(c, null, "type=local,src=" + exported);
        assertThat(c.steps(BuildEvent.StepDone.class)).anyMatch(s -> s.contains("] RUN --mount=type=cache"));
        assertThat(downloads).hasValue(1);

        // without cache-mounts=true only the steps travel: a fresh store downloads again
        Path stepsOnly = dir.resolve("steps-only");
        build(a, "type=local,dest=" + stepsOnly, null);
        BuildHarness d = machine("d");
        d.file("src.txt", "edited on d\n");
        build(d, null, "type=local,src=" + stepsOnly);
        assertThat(downloads).hasValue(2);
    }

    @Test
    void aStoreWhoseCacheMountHoldsSomethingKeepsIt() throws Exception {
        Path cache = dir.resolve("cache");
        build(a, "type=local,dest=" + cache + ",cache-mounts=true", null);
        BuildHarness b = machine("b");
        Path mounts = b.root.resolve("cache-mounts");
        // B's own cache mount already holds a (different) dependency: nothing is restored over it
        build(b, null, null);
        assertThat(downloads).hasValue(2);
        Path dep = Files.walk(mounts).filter(p -> p.getFileName().toString().equals("dep")).findFirst().orElseThrow();
        Files.writeString(dep, "dependency-payload from b\n");
        b.file("src.txt", "edited on b\n");
        build(b, null, "type=local,src=" + cache);
        assertThat(dep).hasContent("dependency-payload from b");
        assertThat(downloads).hasValue(2);
    }

    @Test
    void aHostileCacheMountLayerIsAWarningAndTheRunStartsEmpty() throws Exception {
        // a cache whose mount for /deps escapes with ../: applied as any layer, refused
        byte[] tar = new TarBuilder().file("dep", "dependency-payload\n").file("../../escaped", "x").bytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        Path cache = dir.resolve("hostile");
        try (Lease lease = a.store.lease()) {
            Blob blob = a.store.blobs().put(gz.toByteArray());
            CacheRecord.Mount mount = new CacheRecord.Mount(CacheRecord.Mount.keyOf("/deps"), "/deps",
                    new CacheRecord.Layer(new dev.stevedore.oci.Descriptor(MediaType.OCI_LAYER_GZIP, blob.digest(),
                            blob.size()), Digest.sha256(tar)));
            CacheExporter.export(new CacheLocation.Local(cache), List.of(mount), a.store, lease, null, Map.of());
        }
        BuildHarness b = machine("b");
        build(b, null, "type=local,src=" + cache);
        assertThat(downloads).as("the RUN started with an empty cache mount").hasValue(1);
        assertThat(b.events).filteredOn(e -> e instanceof BuildEvent.Warning).singleElement().asString()
                .contains("cache mount \"/deps\" was not restored");
        try (var files = Files.walk(dir)) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().equals("escaped"));
        }
    }

    @Test
    void cacheMountsAreAnOptionOfRegistryAndLocalCachesOnly() {
        assertThat(CacheExchange.parse(List.of(), List.of("type=local,dest=/x,cache-mounts=true")).to().getFirst()
                .cacheMounts()).isTrue();
        assertThat(CacheExchange.parse(List.of(), List.of("type=local,dest=/x")).to().getFirst().cacheMounts()).isFalse();
        assertThatThrownBy(() -> CacheExchange.parse(List.of(), List.of("type=inline,cache-mounts=true")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("an inline cache holds no cache mounts");
        assertThatThrownBy(() -> CacheExchange.parse(List.of(), List.of("type=local,dest=/x,cache-mounts=yes")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cache-mounts must be true or false");
    }

    private BuildHarness machine(String name) throws IOException {
        BuildHarness h = new BuildHarness(dir.resolve(name));
        h.file("src.txt", "source\n");
        return h;
    }

    private void build(BuildHarness h, String to, String from) throws IOException {
        h.build(dockerfile(), r -> r.network(dev.stevedore.api.NetworkMode.HOST)
                .distribution(Distribution.defaults().withInsecureRegistries(
                        registry == null ? List.of() : List.of(registry.host())))
                .sharedCache(SharedCache.of(from == null ? List.of() : List.of(from),
                        to == null ? List.of() : List.of(to))));
    }
}
