package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prune --keep-storage SIZE} and {@code --filter until=DURATION}: the least recently used
 * cache records go, with the blobs only they hold; {@code du} shows the cache's share.
 */
class CacheLimitTest {

    @TempDir
    Path root;

    private Store store;
    private final Instant now = Instant.now();

    @BeforeEach
    void open() {
        store = Store.open(root);
    }

    @Test
    void keepStorageRemovesTheLeastRecentlyUsedRecordsUntilTheCacheFits() throws IOException {
        Digest oldest = record("oldest", 1000, Duration.ofDays(3));
        Digest older = record("older", 1000, Duration.ofDays(2));
        Digest recent = record("recent", 1000, Duration.ofHours(1));
        assertThat(store.du().cacheBlobs()).isEqualTo(3000);

        PruneResult result = store.prune(false, new CacheLimit(Optional.of(1500L), Optional.empty()));

        assertThat(result.records()).containsExactly(oldest, older);
        assertThat(store.cache().listRecords()).containsExactly(recent);
        assertThat(result.removed()).hasSize(2);
        assertThat(store.du().cacheBlobs()).isEqualTo(1000);
        assertThat(store.fsck(false).isClean()).isTrue();
    }

    @Test
    void aRecordUsedByABuildIsNoLongerTheLeastRecentlyUsed() throws IOException {
        Digest oldest = record("oldest", 1000, Duration.ofDays(3));
        Digest older = record("older", 1000, Duration.ofDays(2));
        store.cache().touch(oldest); // a build hit it just now

        assertThat(store.prune(false, new CacheLimit(Optional.of(1000L), Optional.empty())).records())
                .containsExactly(older);
    }

    @Test
    void untilRemovesTheRecordsNotUsedForThatLongAndWithKeepStorageOnlyWhileTooBig() throws IOException {
        Digest threeDays = record("3d", 1000, Duration.ofDays(3));
        Digest twoDays = record("2d", 1000, Duration.ofDays(2));
        Digest hour = record("1h", 1000, Duration.ofHours(1));

        // both: only records older than a day, and only while the cache is over 2000 bytes
        assertThat(store.prune(false, new CacheLimit(Optional.of(2000L), Optional.of(Duration.ofDays(1)))).records())
                .containsExactly(threeDays);
        // until alone: every record older than a day
        assertThat(store.prune(false, new CacheLimit(Optional.empty(), Optional.of(Duration.ofDays(1)))).records())
                .containsExactly(twoDays);
        assertThat(store.cache().listRecords()).containsExactly(hour);
        // no bound: prune leaves the cache alone
        assertThat(store.prune(false, CacheLimit.none()).records()).isEmpty();
    }

    @Test
    void blobsAnImageNeedsAreNotTheCachesShareAndStay() throws IOException {
        TestImage image = TestImage.write(store.blobs(), "a", "tagged");
        store.tags().tag("example.com/a:1", image.manifest());
        Digest layer = image.layers().getFirst().digest();
        Digest key = Digest.sha256(bytes("image layer key"));
        store.cache().putRecord(key, bytes("{}"), List.of(layer));
        age(key, Duration.ofDays(5));
        assertThat(store.du().cacheBlobs()).isZero();

        // the cache is within any bound: nothing goes
        assertThat(store.prune(false, new CacheLimit(Optional.of(0L), Optional.empty())).records()).isEmpty();
        // until removes the record, the image keeps its layer
        assertThat(store.prune(false, new CacheLimit(Optional.empty(), Optional.of(Duration.ofDays(1)))).records())
                .containsExactly(key);
        assertThat(store.blobs().exists(layer)).isTrue();
    }

    @Test
    void sizesAndDurationsAsDockerWritesThem() {
        assertThat(CacheLimit.parseSize("10GB")).isEqualTo(10L << 30);
        assertThat(CacheLimit.parseSize("512mb")).isEqualTo(512L << 20);
        assertThat(CacheLimit.parseSize("2GiB")).isEqualTo(2L << 30);
        assertThat(CacheLimit.parseSize("1.5k")).isEqualTo(1536);
        assertThat(CacheLimit.parseSize("1073741824")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> CacheLimit.parseSize("ten gigs")).isInstanceOf(InvalidInputException.class)
                .hasMessage("--keep-storage \"ten gigs\": not a size (e.g. 10GB, 512MB, 1073741824)");
        assertThat(CacheLimit.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(CacheLimit.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(CacheLimit.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> CacheLimit.parseDuration("3 days")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> CacheLimit.parseDuration("24")).isInstanceOf(InvalidInputException.class);
    }

    /** A record holding one blob of {@code size} bytes of its own, last used {@code ago}. */
    private Digest record(String name, int size, Duration ago) throws IOException {
        byte[] content = new byte[size];
        byte[] id = bytes(name);
        System.arraycopy(id, 0, content, 0, Math.min(id.length, size));
        Blob blob = store.blobs().put(content);
        Files.setLastModifiedTime(root.resolve("oci/blobs/sha256/" + blob.digest().hex()), FileTime.from(now.minus(ago)));
        Digest key = Digest.sha256(bytes("key " + name));
        store.cache().putRecord(key, bytes("{}"), List.of(blob.digest()));
        age(key, ago);
        return key;
    }

    private void age(Digest key, Duration ago) throws IOException {
        Files.setLastModifiedTime(root.resolve("cache/sha256/" + key.hex() + ".json"), FileTime.from(now.minus(ago)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
