package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune keeps what tags (transitively), cache records and live leases need; removes the rest. */
class PruneTest {

    @TempDir
    Path root;

    private Store store;

    @BeforeEach
    void open() {
        store = Store.open(root);
    }

    @Test
    void keepsTheClosureOfTagsAndRemovesTheRest() throws IOException {
        TestImage tagged = TestImage.write(store.blobs(), "a", "tagged");
        TestImage orphan = TestImage.write(store.blobs(), "b", "orphan");
        store.tags().tag("example.com/a:1", tagged.manifest());
        age(tagged.digests());
        age(orphan.digests());

        PruneResult result = store.prune();

        assertThat(result.removed()).extracting(Blob::digest).containsExactlyInAnyOrderElementsOf(orphan.digests());
        long orphanBytes = orphan.manifest().size() + orphan.config().size() + orphan.layers().getFirst().size();
        assertThat(result.bytesFreed()).isEqualTo(orphanBytes);
        tagged.digests().forEach(d -> assertThat(store.blobs().exists(d)).isTrue());
        orphan.digests().forEach(d -> assertThat(store.blobs().exists(d)).isFalse());
        assertThat(store.fsck(false).isClean()).isTrue();
    }

    @Test
    void followsIndexesToTheirManifests() throws IOException {
        TestImage amd = TestImage.write(store.blobs(), "a", "amd64");
        TestImage arm = TestImage.write(store.blobs(), "a", "arm64");
        Descriptor index = TestImage.index(store.blobs(), amd.manifest(), arm.manifest());
        store.tags().tag("example.com/multi:1", index);
        age(amd.digests());
        age(arm.digests());
        age(List.of(index.digest()));

        assertThat(store.prune().removed()).isEmpty();
        assertThat(store.blobs().list()).hasSize(7);
    }

    @Test
    void untaggingMakesAnImagePrunable() throws IOException {
        TestImage image = TestImage.write(store.blobs(), "a", "x");
        store.tags().tag("example.com/a:1", image.manifest());
        age(image.digests());
        assertThat(store.prune().removed()).isEmpty();

        store.tags().untag("example.com/a:1");

        assertThat(store.prune().removed()).hasSize(3);
        assertThat(store.blobs().list()).isEmpty();
    }

    @Test
    void keepsBlobsOfCacheRecords() throws IOException {
        Blob kept = store.blobs().put(bytes("cached layer"));
        Blob gone = store.blobs().put(bytes("uncached"));
        store.cache().putRecord(Digest.sha256(bytes("key")), bytes("{}"), List.of(kept.digest()));
        age(List.of(kept.digest(), gone.digest()));

        assertThat(store.prune().removed()).containsExactly(gone);

        store.cache().removeRecord(Digest.sha256(bytes("key")));
        assertThat(store.prune().removed()).containsExactly(kept);
    }

    @Test
    void keepsBlobsOfALiveLeaseUntilItCloses() throws IOException {
        Blob blob = store.blobs().put(bytes("being built"));
        age(List.of(blob.digest()));
        try (Lease lease = store.lease()) {
            lease.protect(blob.digest());
            assertThat(lease.digests()).containsExactly(blob.digest());
            assertThat(root.resolve("leases/" + lease.id() + ".json")).exists();

            assertThat(store.prune().removed()).isEmpty();
        }
        assertThat(store.prune().removed()).containsExactly(blob);
    }

    @Test
    void leaseFileNamesOurPidAndDigests() throws IOException {
        Blob blob = store.blobs().put(bytes("x"));
        Lease lease = store.lease();
        lease.protect(blob.digest());

        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(root.resolve("leases/" + lease.id() + ".json").toFile());
        assertThat(json.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(json.get("digests").get(0).asText()).isEqualTo(blob.digest().toString());

        lease.close();
        lease.close();
        assertThat(root.resolve("leases/" + lease.id() + ".json")).doesNotExist();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lease.protect(blob.digest()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("lease " + lease.id() + " is closed");
    }

    @Test
    void leasedWriterProtectsTheBlobBeforeItLands() throws IOException {
        try (Lease lease = store.lease()) {
            Blob blob = store.blobs().put(bytes("built"), null, lease);
            assertThat(lease.digests()).containsExactly(blob.digest());
            age(List.of(blob.digest()));
            assertThat(store.prune().removed()).isEmpty();
        }
    }

    @Test
    void ignoresAndRemovesTheLeaseOfADeadProcess() throws Exception {
        Blob blob = store.blobs().put(bytes("abandoned"));
        age(List.of(blob.digest()));
        Process dead = new ProcessBuilder("true").start();
        assertThat(dead.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path lease = root.resolve("leases/dead.json");
        Files.writeString(lease, "{\"pid\":" + dead.pid() + ",\"digests\":[\"" + blob.digest() + "\"]}");

        assertThat(store.prune().removed()).containsExactly(blob);
        assertThat(lease).doesNotExist();
    }

    @Test
    void ignoresALeaseWhosePidWasReusedByALaterProcess() throws IOException {
        Blob blob = store.blobs().put(bytes("old lease"));
        age(List.of(blob.digest()));
        // Our own pid, but a start time that is not ours: the lease's process is gone.
        Files.writeString(root.resolve("leases/reused.json"), "{\"pid\":" + ProcessHandle.current().pid()
                + ",\"started\":\"2000-01-01T00:00:00Z\",\"digests\":[\"" + blob.digest() + "\"]}");

        assertThat(store.prune().removed()).containsExactly(blob);
    }

    @Test
    void keepsBlobsWrittenAfterThePruneStarted() throws IOException {
        Blob old = store.blobs().put(bytes("old"));
        Blob fresh = store.blobs().put(bytes("fresh"));
        age(List.of(old.digest()));
        // As if committed while the prune runs: its time is later than the prune's start.
        Files.setLastModifiedTime(blobFile(fresh.digest()), FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS)));

        assertThat(store.prune().removed()).containsExactly(old);
        assertThat(store.blobs().exists(fresh.digest())).isTrue();
    }

    @Test
    void removesTempFilesOfDeadProcessesButNotOfLiveOnes() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor(10, TimeUnit.SECONDS);
        Path leftover = Files.write(root.resolve("tmp/blob-" + dead.pid() + "-x"), new byte[10]);
        try (BlobWriter live = store.blobs().writer()) {
            live.write(new byte[5], 0, 5);

            PruneResult result = store.prune();

            assertThat(result.bytesFreed()).isEqualTo(10);
            assertThat(leftover).doesNotExist();
            try (var files = Files.list(root.resolve("tmp"))) {
                assertThat(files).hasSize(1);
            }
        }
    }

    @Test
    void strayFilesUnderBlobsAreNotTouched() throws IOException {
        Path stray = Files.writeString(root.resolve("oci/blobs/sha256/not-a-digest"), "x");
        Files.setLastModifiedTime(stray, FileTime.from(Instant.EPOCH));
        store.prune();
        assertThat(stray).exists();
    }

    private void age(List<Digest> digests) throws IOException {
        for (Digest d : digests) {
            Files.setLastModifiedTime(blobFile(d), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        }
    }

    private Path blobFile(Digest d) {
        return root.resolve("oci/blobs/" + d.algorithm() + "/" + d.hex());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
