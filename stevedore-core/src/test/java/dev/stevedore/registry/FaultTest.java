package dev.stevedore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.store.Store;
import dev.stevedore.testing.FaultProxy;
import dev.stevedore.testing.StoreScan;
import dev.stevedore.testing.FaultProxy.Fault;
import dev.stevedore.testing.FaultProxy.Rule;
import dev.stevedore.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults from a proxy in front of the real registry: retried, or refused clearly; the store stays sound. */
class FaultTest {

    @TempDir
    Path tmp;

    TestRegistry registry;
    FaultProxy proxy;
    Descriptor image;
    Store store;
    List<Duration> pauses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        registry = TestRegistry.start();
        proxy = FaultProxy.start(registry);
        Store source = Store.open(tmp.resolve("source"));
        image = TestImages.image(source, PullPushTest.AMD64, 21, 200_000, 3000);
        source.tags().tag("f:1", image);
        try (RegistryClient c = new RegistryClient(RegistryOptions.defaults())) {
            c.push(source, "f:1", ImageReference.parse(registry.host() + "/fault/app:1"));
        }
        store = Store.open(tmp.resolve("store"));
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        registry.close();
    }

    RegistryClient client() {
        return new RegistryClient(RegistryOptions.defaults(), pauses::add);
    }

    ImageReference viaProxy() {
        return ImageReference.parse(proxy.host() + "/fault/app:1");
    }

    private void assertStoreSound() {
        assertThat(store.fsck(false).problems()).isEmpty();
        try {
            assertThat(StoreScan.badBlobs(store.root())).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A client whose transfers give up after {@code idle} without a byte. */
    RegistryClient client(Duration idle) {
        return new RegistryClient(RegistryOptions.defaults().withIdleTimeout(idle), pauses::add);
    }

    @Test
    void serverErrorsAndResetsAreRetried() {
        proxy.add(Rule.of("GET", "/manifests/", new Fault.Status(500, null), 1))
                .add(Rule.of("GET", "/manifests/", new Fault.Status(502, null), 1))
                .add(Rule.of("GET", "/blobs/", new Fault.Reset(), 2))
                .add(Rule.of("GET", "/blobs/", new Fault.Status(503, null), 1));
        try (RegistryClient c = client()) {
            PullResult r = c.pull(viaProxy(), PullPushTest.AMD64, store);
            assertThat(r.manifest().digest()).isEqualTo(image.digest());
        }
        assertThat(pauses).hasSizeGreaterThanOrEqualTo(5);
        assertStoreSound();
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        proxy.add(Rule.of("GET", "/manifests/", new Fault.Status(429, "7"), 1));
        try (RegistryClient c = client()) {
            c.pull(viaProxy(), PullPushTest.AMD64, store);
        }
        assertThat(pauses).first().isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void persistentServerErrorsGiveUpWithTheRegistryAndStatus() {
        proxy.add(Rule.of("GET", "/manifests/", new Fault.Status(500, null), 100));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> c.pull(viaProxy(), PullPushTest.AMD64, store))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessage("pull " + viaProxy() + ": registry " + proxy.host() + " answered HTTP 500");
        }
        assertThat(pauses).hasSize(RetryPolicy.DEFAULT.attempts() - 1);
    }

    @Test
    void notFoundIsNotRetried() {
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> c.pull(ImageReference.parse(proxy.host() + "/fault/app:nope"),
                    PullPushTest.AMD64, store)).hasMessageContaining("MANIFEST_UNKNOWN");
        }
        assertThat(pauses).isEmpty();
    }

    @Test
    void aBlobWithTheWrongDigestIsRefusedAndNeverStored() {
        proxy.add(Rule.of("GET", "/blobs/" + image.digest().algorithm(), new Fault.Corrupt(), 100));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> c.pull(viaProxy(), PullPushTest.AMD64, store))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("pull " + viaProxy() + ": blob sha256:")
                    .hasMessageContaining("fails verification");
        }
        assertThat(store.tags().list()).isEmpty();
        assertThat(store.blobs().list()).doesNotContain(image.digest());
        assertStoreSound();
    }

    @Test
    void aManifestWithTheWrongDigestIsRefusedWhenPulledByDigest() {
        proxy.add(Rule.of("GET", "/manifests/", new Fault.Corrupt(), 100));
        ImageReference byDigest = ImageReference.parse(proxy.host() + "/fault/app@" + image.digest());
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> c.pull(byDigest, PullPushTest.AMD64, store))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("pull " + byDigest + ": the manifest from registry " + proxy.host()
                            + " does not match its digest " + image.digest());
        }
        assertThat(store.blobs().list()).isEmpty();
    }

    @Test
    void theRegistryStoppingMidPullIsAClearErrorAndLeavesNothingBroken() {
        // Slow blob answers give us the moment to stop the registry behind them, once blobs flow.
        proxy.add(Rule.of("GET", "/blobs/", new Fault.Slow(1500), 100));
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                while (proxy.seen().stream().noneMatch(s -> s.startsWith("GET") && s.contains("/blobs/"))) {
                    Thread.sleep(20);
                }
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            registry.stop();
        });
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> c.pull(viaProxy(), PullPushTest.AMD64, store))
                    .hasMessageStartingWith("pull " + viaProxy() + ": blob sha256:");
        }
        assertThat(store.tags().list()).isEmpty();
        assertStoreSound();
        killer.interrupt();
    }

    @Test
    void aStalledBodyTimesOutAndIsFetchedAgain() {
        // Stalls far longer than the idle timeout: without it the pull would wait the whole stall.
        proxy.add(Rule.of("GET", "/blobs/", new Fault.Stall(30_000), 1));
        try (RegistryClient c = client(Duration.ofMillis(500))) {
            PullResult r = c.pull(viaProxy(), PullPushTest.AMD64, store);
            assertThat(r.manifest().digest()).isEqualTo(image.digest());
        }
        assertThat(pauses).hasSize(1);
        assertStoreSound();
    }

    @Test
    void aBodyThatStallsEveryTimeFailsNamingTheRegistryAndTheStall() {
        proxy.add(Rule.of("GET", "/blobs/", new Fault.Stall(30_000), 100));
        try (RegistryClient c = client(Duration.ofMillis(300))) {
            assertThatThrownBy(() -> c.pull(viaProxy(), PullPushTest.AMD64, store))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageStartingWith("pull " + viaProxy() + ": blob sha256:")
                    .hasMessageContaining(": the download from registry " + proxy.host() + " broke off: no data from"
                            + " the registry for 0.3s (the transfer stalled) (after " + RetryPolicy.DEFAULT.attempts()
                            + " attempts)");
        }
        assertThat(store.tags().list()).isEmpty();
        assertStoreSound();
    }

    @Test
    void aManifestBodyThatBreaksOffOrStallsIsFetchedAgain() {
        proxy.add(Rule.of("GET", "/manifests/", new Fault.Reset(), 1))
                .add(Rule.of("GET", "/manifests/", new Fault.Stall(30_000), 1));
        try (RegistryClient c = client(Duration.ofMillis(500))) {
            PullResult r = c.pull(viaProxy(), PullPushTest.AMD64, store);
            assertThat(r.manifest().digest()).isEqualTo(image.digest());
        }
        assertThat(pauses).hasSize(2);
        assertStoreSound();
    }

    @Test
    void truncatedBodiesAreFetchedAgain() {
        proxy.add(Rule.of("GET", "/blobs/", new Fault.Truncate(), 3));
        try (RegistryClient c = client()) {
            PullResult r = c.pull(viaProxy(), PullPushTest.AMD64, store);
            assertThat(r.manifest().digest()).isEqualTo(image.digest());
        }
        assertThat(pauses).hasSize(3);
        assertStoreSound();
    }

    @Test
    void aPullIntoAFullStoreStopsAtOnceSayingSo() throws Exception {
        // room for the manifest, the config, the small layer and the leases, not for the 200 kB layer
        Path full = java.nio.file.Files.createDirectories(tmp.resolve("full"));
        command("mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", full.toString());
        try {
            Store small = Store.open(full.resolve("store"));
            try (RegistryClient c = client()) {
                assertThatThrownBy(() -> c.pull(viaProxy(), PullPushTest.AMD64, small))
                        .isInstanceOf(UnavailableException.class)
                        .hasMessageStartingWith("pull " + viaProxy() + ": blob sha256:")
                        .hasMessageEndingWith(": no space left on device while writing it into the store: free some"
                                + " space (stevedore prune) and pull again");
            }
            assertThat(pauses).isEmpty();  // the registry is not to blame: nothing is fetched again
            assertThat(small.fsck(false).problems()).isEmpty();
            assertThat(StoreScan.badBlobs(small.root())).isEmpty();
        } finally {
            command("umount", "-l", full.toString());
        }
    }

    private static void command(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", args) + ": " + out).isZero();
    }

    @Test
    void pushRetriesServerErrorsOnUploads() {
        proxy.add(Rule.of("POST", "/blobs/uploads/", new Fault.Status(503, "1"), 2))
                .add(Rule.of("PUT", "/manifests/", new Fault.Status(500, null), 1));
        Store source = Store.open(tmp.resolve("push"));
        Descriptor other = TestImages.image(source, PullPushTest.AMD64, 22, 1234);
        source.tags().tag("p:1", other);
        try (RegistryClient c = client()) {
            PushResult r = c.push(source, "p:1", ImageReference.parse(proxy.host() + "/fault/pushed:1"));
            assertThat(r.pushed().digest()).isEqualTo(other.digest());
        }
        assertThat(pauses).contains(Duration.ofSeconds(1));
    }
}
