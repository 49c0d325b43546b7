package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fsck finds each kind of damage, names the blob or tag, and with repair fixes it. */
class FsckTest {

    private static final String TAG = "example.com/app:1";

    @TempDir
    Path root;

    private Store store;
    private TestImage image;

    @BeforeEach
    void open() {
        store = Store.open(root);
        image = TestImage.write(store.blobs(), "hello.txt", "hello, world\n");
        store.tags().tag(TAG, image.manifest());
    }

    @Test
    void healthyStoreIsClean() {
        FsckReport report = store.fsck(false);
        assertThat(report.problems()).isEmpty();
        assertThat(report.isClean()).isTrue();
        assertThat(report.blobsChecked()).isEqualTo(3);
    }

    @Test
    void truncatedLayerIsReportedByDigestAndRepaired() throws IOException {
        Digest layer = image.layers().getFirst().digest();
        byte[] content = Files.readAllBytes(blobFile(layer));
        Files.write(blobFile(layer), java.util.Arrays.copyOf(content, content.length - 7));
        Digest actual = Digest.sha256(java.util.Arrays.copyOf(content, content.length - 7));

        FsckReport report = store.fsck(false);

        assertThat(report.problems()).extracting(FsckProblem::message).containsExactly(
                "blob " + layer + " is corrupt: its " + (content.length - 7) + " bytes hash to " + actual,
                "blob " + layer + " has " + (content.length - 7) + " bytes but manifest " + image.manifest().digest()
                        + " says " + content.length,
                "tag " + TAG + " is broken: blob " + layer + " has " + (content.length - 7)
                        + " bytes but manifest " + image.manifest().digest() + " says " + content.length);
        assertThat(report.repaired()).isFalse();
        assertThat(store.blobs().exists(layer)).isTrue();

        FsckReport repair = store.fsck(true);

        assertThat(repair.repaired()).isTrue();
        assertThat(store.blobs().exists(layer)).isFalse();
        assertThat(store.tags().find(TAG)).isEmpty();
        assertThat(store.fsck(false).isClean()).isTrue();
    }

    @Test
    void flippedByteIsReportedByDigest() throws IOException {
        Digest config = image.config().digest();
        byte[] content = Files.readAllBytes(blobFile(config));
        content[10] ^= 0x01;
        Files.write(blobFile(config), content);

        FsckReport report = store.fsck(false);

        assertThat(report.problems()).containsExactly(
                new FsckProblem.CorruptBlob(config, Digest.sha256(content), content.length),
                new FsckProblem.BrokenTag(TAG, "blob " + config + " is corrupt"));

        store.fsck(true);
        assertThat(store.blobs().exists(config)).isFalse();
        assertThat(store.tags().list()).isEmpty();
        assertThat(store.fsck(false).isClean()).isTrue();
    }

    @Test
    void tagPointingToAMissingManifest() throws IOException {
        Files.delete(blobFile(image.manifest().digest()));

        FsckReport report = store.fsck(false);

        assertThat(report.problems()).containsExactly(
                new FsckProblem.MissingBlob(image.manifest().digest(), "tag " + TAG),
                new FsckProblem.BrokenTag(TAG, "blob " + image.manifest().digest() + " referenced by tag " + TAG
                        + " is missing"));

        store.fsck(true);
        assertThat(store.tags().list()).isEmpty();
        assertThat(store.fsck(false).isClean()).isTrue();
    }

    @Test
    void manifestPointingToAMissingLayer() throws IOException {
        Digest layer = image.layers().getFirst().digest();
        Files.delete(blobFile(layer));

        FsckReport report = store.fsck(false);

        assertThat(report.problems()).extracting(FsckProblem::message).containsExactly(
                "blob " + layer + " referenced by manifest " + image.manifest().digest() + " is missing",
                "tag " + TAG + " is broken: blob " + layer + " referenced by manifest "
                        + image.manifest().digest() + " is missing");

        store.fsck(true);
        assertThat(store.tags().list()).isEmpty();
        // The manifest and config stay: they are whole, just unreferenced now (prune's job).
        assertThat(store.blobs().exists(image.config().digest())).isTrue();
        assertThat(store.fsck(false).isClean()).isTrue();
    }

    @Test
    void missingLayerIsReportedEvenWhenAnIndexListedItFirst() throws IOException {
        // An index entry may be absent (a pull keeps the platforms it pulled); the same blob needed
        // by a manifest must still be reported, whichever reference the walk meets first.
        Digest layer = image.layers().getFirst().digest();
        Descriptor index = TestImage.index(store.blobs(), image.manifest(), image.layers().getFirst());
        store.tags().tag(TAG, index);
        Files.delete(blobFile(layer));

        FsckReport report = store.fsck(false);

        assertThat(report.problems()).extracting(FsckProblem::message).contains(
                "blob " + layer + " referenced by manifest " + image.manifest().digest() + " is missing");
    }

    @Test
    void manifestThatIsNotJson() {
        Blob junk = store.blobs().put("not json".getBytes(StandardCharsets.UTF_8));
        store.tags().tag("example.com/junk:1", new Descriptor(MediaType.OCI_MANIFEST, junk.digest(), junk.size()));

        FsckReport report = store.fsck(false);

        assertThat(report.problems()).hasSize(2);
        assertThat(report.problems().getFirst()).isInstanceOfSatisfying(FsckProblem.InvalidManifest.class,
                p -> assertThat(p.digest()).isEqualTo(junk.digest()));
        assertThat(report.problems().get(1).message()).startsWith("tag example.com/junk:1 is broken: manifest "
                + junk.digest() + " is invalid: not valid JSON");
    }

    @Test
    void wrongSizeInTheTagIsReported() {
        Descriptor lying = new Descriptor(MediaType.OCI_MANIFEST, image.manifest().digest(), 1);
        store.tags().tag(TAG, lying);

        assertThat(store.fsck(false).problems()).first().isEqualTo(new FsckProblem.SizeMismatch(
                image.manifest().digest(), 1, image.manifest().size(), "tag " + TAG));
    }

    @Test
    void cacheRecordWithMissingBlob() {
        Digest key = Digest.sha256(new byte[] {1});
        Digest missing = Digest.sha256(new byte[] {2});
        store.cache().putRecord(key, new byte[] {'{', '}'}, List.of(image.config().digest(), missing));

        assertThat(store.fsck(false).problems()).containsExactly(new FsckProblem.BrokenCacheRecord(key, missing));
        assertThat(store.fsck(false).problems().getFirst().message())
                .isEqualTo("cache record " + key + " references missing blob " + missing);

        store.fsck(true);
        assertThat(store.cache().listRecords()).isEmpty();
    }

    @Test
    void leftoverTempFilesOfDeadProcessesAndStrayBlobNames() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor(10, TimeUnit.SECONDS);
        Path leftover = Files.writeString(root.resolve("tmp/blob-" + dead.pid() + "-abc"), "partial");
        Path foreign = Files.writeString(root.resolve("tmp/whatever"), "?");
        Path stray = Files.writeString(root.resolve("oci/blobs/sha256/xyz"), "?");
        try (BlobWriter live = store.blobs().writer()) {
            FsckReport report = store.fsck(true);

            assertThat(report.problems()).containsExactlyInAnyOrder(new FsckProblem.LeftoverFile(stray),
                    new FsckProblem.LeftoverFile(leftover), new FsckProblem.LeftoverFile(foreign));
            assertThat(leftover).doesNotExist();
            assertThat(foreign).doesNotExist();
            try (var files = Files.list(root.resolve("tmp"))) {
                assertThat(files).as("the live writer's temp file stays").hasSize(1);
            }
        }
    }

    @Test
    void unreadableIndexIsReportedNotThrown() throws IOException {
        Files.writeString(root.resolve("oci/index.json"), "{\"manifests\":[{\"size\":1}]}");

        FsckReport report = store.fsck(true);

        assertThat(report.problems()).containsExactly(new FsckProblem.InvalidIndex(
                root.resolve("oci/index.json") + ": descriptor {\"size\":1} has no digest"));
        assertThat(report.problems().getFirst().message()).startsWith("the image index cannot be read: ");
    }

    private Path blobFile(Digest d) {
        return root.resolve("oci/blobs/" + d.algorithm() + "/" + d.hex());
    }
}
