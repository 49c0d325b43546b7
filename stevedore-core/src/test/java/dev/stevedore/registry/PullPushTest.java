package dev.stevedore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.UnauthorizedException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.store.Store;
import dev.stevedore.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull and push against a real registry without auth. */
class PullPushTest {

    static final Platform AMD64 = Platform.of("linux", "amd64");
    static final Platform ARM64 = Platform.of("linux", "arm64");

    static TestRegistry registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    ImageReference ref(String repoAndTag) {
        return ImageReference.parse(registry.host() + "/" + repoAndTag);
    }

    @Test
    void pushPullPushAgainAndPullByDigestKeepEveryDigest() {
        Store local = Store.open(tmp.resolve("a"));
        Descriptor image = TestImages.image(local, AMD64, 1, 1000, 300_000);
        local.tags().tag("img:1", image);
        Map<Transfer.State, Integer> states = new ConcurrentHashMap<>();
        RegistryOptions options = RegistryOptions.defaults().withListener(t -> states.merge(t.state(), 1, Integer::sum));
        try (RegistryClient client = new RegistryClient(options)) {
            PushResult first = client.push(local, "img:1", ref("first/app:1"));
            assertThat(first.pushed().digest()).isEqualTo(image.digest());
            assertThat(first.blobsSent()).isEqualTo(3);

            Store other = Store.open(tmp.resolve("b"));
            PullResult pulled = client.pull(ref("first/app:1"), AMD64, other);
            assertThat(pulled.manifest().digest()).isEqualTo(image.digest());
            assertThat(pulled.digest()).isEqualTo(image.digest());
            assertThat(other.tags().resolve(registry.host() + "/first/app:1").annotations())
                    .containsEntry(PullResult.REPO_DIGEST, registry.host() + "/first/app@" + image.digest());

            PushResult second = client.push(other, registry.host() + "/first/app:1", ref("second/app:2"));
            assertThat(second.pushed().digest()).isEqualTo(image.digest());
            assertThat(second.blobsSent()).isZero();  // all mounted from first/app
            assertThat(states).containsKey(Transfer.State.MOUNTED);

            Store third = Store.open(tmp.resolve("c"));
            PullResult byDigest = client.pull(ref("second/app@" + image.digest()), AMD64, third);
            assertThat(byDigest.manifest().digest()).isEqualTo(image.digest());
            assertThat(third.fsck(false).problems()).isEmpty();
            assertThat(third.blobs().list()).containsExactlyInAnyOrderElementsOf(local.blobs().list());
        }
    }

    @Test
    void largeBlobsGoInChunksAndPullSkipsWhatTheStoreHas() {
        Store local = Store.open(tmp.resolve("a"));
        Descriptor image = TestImages.image(local, AMD64, 2, 700_000);
        local.tags().tag("big:1", image);
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults().withChunkSize(100_000))) {
            client.push(local, "big:1", ref("chunked/app:1"));
            Map<Transfer.State, Integer> states = new ConcurrentHashMap<>();
            try (RegistryClient puller = new RegistryClient(RegistryOptions.defaults()
                    .withListener(t -> states.merge(t.state(), 1, Integer::sum)))) {
                PullResult r = puller.pull(ref("chunked/app:1"), AMD64, local);
                assertThat(r.manifest().digest()).isEqualTo(image.digest());
            }
            assertThat(states).containsEntry(Transfer.State.EXISTS, 2).doesNotContainKey(Transfer.State.STARTED);
        }
    }

    @Test
    void multiPlatformIndexIsPushedAndThePlatformChosenOnPull() {
        Store local = Store.open(tmp.resolve("a"));
        Descriptor amd = TestImages.image(local, AMD64, 3, 500);
        Descriptor arm = TestImages.image(local, ARM64, 4, 600);
        Descriptor index = TestImages.index(local, List.of(amd, arm));
        local.tags().tag("multi:1", index);
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            PushResult pushed = client.push(local, "multi:1", ref("multi/app:1"));
            assertThat(pushed.pushed().digest()).isEqualTo(index.digest());
            Store other = Store.open(tmp.resolve("b"));
            PullResult r = client.pull(ref("multi/app:1"), ARM64, other);
            assertThat(r.manifest().digest()).isEqualTo(arm.digest());
            assertThat(r.index().orElseThrow().digest()).isEqualTo(index.digest());
            assertThat(r.digest()).isEqualTo(index.digest());
            assertThat(other.blobs().exists(amd.digest())).isFalse();
            assertThatThrownBy(() -> client.pull(ref("multi/app:1"), Platform.of("linux", "s390x"), other))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("pull " + registry.host() + "/multi/app:1: no image for linux/s390x in the index"
                            + " (it has: linux/amd64, linux/arm64)");
        }
    }

    @Test
    void skopeoInspectAgreesWithWhatWePushed() throws Exception {
        Path skopeo = dev.stevedore.testing.Prerequisites.tool("skopeo");
        Store local = Store.open(tmp.resolve("a"));
        Descriptor image = TestImages.image(local, AMD64, 5, 2000);
        local.tags().tag("sk:1", image);
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            client.push(local, "sk:1", ref("skopeo/app:1"));
        }
        Process p = new ProcessBuilder(skopeo.toString(), "inspect", "--tls-verify=false",
                "docker://" + registry.host() + "/skopeo/app:1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("\"Digest\": \"" + image.digest() + "\"").contains("\"Architecture\": \"amd64\"");
    }

    @Test
    void errorsNameTheReferenceAndTheSpecCode() {
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            Store store = Store.open(tmp.resolve("a"));
            assertThatThrownBy(() -> client.pull(ref("nosuch/app:1"), AMD64, store))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("pull " + registry.host() + "/nosuch/app:1: manifest unknown: no such tag or digest (MANIFEST_UNKNOWN)");
            Descriptor image = TestImages.image(store, AMD64, 6, 10);
            store.tags().tag("e:1", image);
            client.push(store, "e:1", ref("exists/app:1"));
            assertThatThrownBy(() -> client.pull(ref("exists/app:2"), AMD64, store))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("pull " + registry.host() + "/exists/app:2: manifest unknown: no such tag or digest"
                            + " (MANIFEST_UNKNOWN)");
            assertThatThrownBy(() -> client.push(store, "absent:1", ref("x/y:1")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("absent:1");
        }
    }
}
