package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlobWriter} contract, edge case by edge case, and the blob store's reads. */
class BlobStoreTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final Digest HELLO_DIGEST =
            Digest.parse("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    private static final Digest OTHER =
            Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    @TempDir
    Path root;

    private BlobStore blobs;

    @BeforeEach
    void open() {
        blobs = Store.open(root).blobs();
    }

    @Test
    void putStoresUnderTheSha256AndReadsBack() throws IOException {
        Blob blob = blobs.put(HELLO);

        assertThat(blob).isEqualTo(new Blob(HELLO_DIGEST, 5));
        assertThat(root.resolve("oci/blobs/sha256/" + HELLO_DIGEST.hex())).hasContent("hello");
        assertThat(blobs.exists(HELLO_DIGEST)).isTrue();
        assertThat(blobs.size(HELLO_DIGEST)).isEqualTo(5);
        try (InputStream in = blobs.open(HELLO_DIGEST)) {
            assertThat(in.readAllBytes()).isEqualTo(HELLO);
        }
        assertThat(blobs.list()).containsExactly(HELLO_DIGEST);
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void streamingWriterWithUnknownSizeAndDigest() throws IOException {
        try (BlobWriter writer = blobs.writer()) {
            writer.stream().write(HELLO, 0, 2);
            writer.write(HELLO, 2, 3);
            assertThat(writer.written()).isEqualTo(5);
            assertThat(writer.digest()).isEqualTo(HELLO_DIGEST);
            assertThat(writer.commit()).isEqualTo(new Blob(HELLO_DIGEST, 5));
        }
        assertThat(blobs.exists(HELLO_DIGEST)).isTrue();
    }

    @Test
    void wrongDigestLeavesNothingUnderEitherDigest() throws IOException {
        BlobWriter writer = blobs.writer();
        writer.write(HELLO, 0, HELLO.length);

        assertThatThrownBy(() -> writer.commit(5, OTHER))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("blob content does not match its digest: expected " + OTHER + ", got " + HELLO_DIGEST);
        assertThat(blobs.exists(OTHER)).isFalse();
        assertThat(blobs.exists(HELLO_DIGEST)).isFalse();
        assertThat(tmpFiles()).isEmpty();
        writer.close();
    }

    @Test
    void wrongSizeLeavesNothing() throws IOException {
        BlobWriter writer = blobs.writer();
        writer.write(HELLO, 0, HELLO.length);

        assertThatThrownBy(() -> writer.commit(6, HELLO_DIGEST))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("blob " + HELLO_DIGEST + " has 5 bytes but 6 were expected");
        assertThat(blobs.exists(HELLO_DIGEST)).isFalse();
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void truncatedStreamFailsVerification() {
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(HELLO, 0, 4), 5, HELLO_DIGEST))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 4 bytes but 5 were expected");
        assertThat(blobs.exists(HELLO_DIGEST)).isFalse();
    }

    @Test
    void putWithExpectedDigestVerifies() {
        assertThatThrownBy(() -> blobs.put(HELLO, OTHER)).isInstanceOf(InvalidInputException.class);
        assertThat(blobs.put(HELLO, HELLO_DIGEST).digest()).isEqualTo(HELLO_DIGEST);
    }

    @Test
    void sha512ExpectedDigestIsVerifiedWithSha512() throws Exception {
        Digest sha512 = new Digest("sha512",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(HELLO)));

        Blob blob = blobs.put(HELLO, sha512);

        assertThat(blob.digest()).isEqualTo(sha512);
        assertThat(root.resolve("oci/blobs/sha512/" + sha512.hex())).hasContent("hello");
    }

    @Test
    void alreadyExistsCommitsAndRefreshesTheTime() throws IOException {
        blobs.put(HELLO);
        Path file = root.resolve("oci/blobs/sha256/" + HELLO_DIGEST.hex());
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, old);

        assertThat(blobs.put(HELLO)).isEqualTo(new Blob(HELLO_DIGEST, 5));
        assertThat(Files.getLastModifiedTime(file)).isGreaterThan(old);
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void closeWithoutCommitAbortsAndCloseTwiceIsHarmless() throws IOException {
        BlobWriter writer = blobs.writer();
        writer.write(HELLO, 0, HELLO.length);
        assertThat(tmpFiles()).hasSize(1);

        writer.close();
        writer.close();

        assertThat(tmpFiles()).isEmpty();
        assertThat(blobs.exists(HELLO_DIGEST)).isFalse();
    }

    @Test
    void abortThenWriteOrCommitIsAProgrammingError() throws IOException {
        BlobWriter writer = blobs.writer();
        writer.abort();
        writer.abort();
        assertThatThrownBy(() -> writer.write(HELLO, 0, 1))
                .isInstanceOf(IllegalStateException.class).hasMessage("blob writer already aborted");
        assertThatThrownBy(writer::commit)
                .isInstanceOf(IllegalStateException.class).hasMessage("blob writer already aborted");
    }

    @Test
    void commitTwiceFailsAndCloseAfterCommitKeepsTheBlob() throws IOException {
        BlobWriter writer = blobs.writer();
        writer.write(HELLO, 0, HELLO.length);
        writer.commit();

        assertThatThrownBy(writer::commit)
                .isInstanceOf(IllegalStateException.class).hasMessage("blob writer already committed");
        writer.abort();
        writer.close();
        assertThat(blobs.exists(HELLO_DIGEST)).isTrue();
    }

    @Test
    void missingBlobIsNotFoundNamingDigestAndRoot() {
        String message = "blob " + OTHER + " not found in store " + root;
        assertThatThrownBy(() -> blobs.open(OTHER)).isInstanceOf(NotFoundException.class).hasMessage(message);
        assertThatThrownBy(() -> blobs.size(OTHER)).isInstanceOf(NotFoundException.class).hasMessage(message);
        assertThatThrownBy(() -> blobs.read(OTHER)).isInstanceOf(NotFoundException.class).hasMessage(message);
        assertThat(blobs.exists(OTHER)).isFalse();
    }

    @Test
    void deleteIsForPruneOnly() throws IOException {
        blobs.put(HELLO);
        assertThat(blobs.delete(HELLO_DIGEST)).isTrue();
        assertThat(blobs.delete(HELLO_DIGEST)).isFalse();
        assertThat(blobs.exists(HELLO_DIGEST)).isFalse();
    }

    private java.util.List<Path> tmpFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            return files.toList();
        }
    }
}
