package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.fs.LockFile;
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
 * Cache mounts ({@code RUN --mount=type=cache}) in the build cache's bound and its disk usage, as
 * BuildKit counts its {@code exec.cachemount} records: {@code du} shows each with its id and size,
 * and {@code prune --keep-storage} / {@code --filter until} empty the least recently used with the
 * cache records, never one a RUN holds. The directories are laid out as the engine's
 * {@code CacheMounts} makes them ({@code <root>/cache-mounts/<hash>/key, data/, data.lock}); that
 * the engine marks their use is {@code GoExampleCacheMountTest}'s.
 */
class CacheMountLimitTest {

    @TempDir
    Path root;

    private Store store;
    private final Instant now = Instant.now();

    @BeforeEach
    void open() {
        store = Store.open(root);
    }

    @Test
    void duCountsEachCacheMountWithItsIdAndSize() throws IOException {
        assertThat(store.du().cacheMounts()).isEmpty();
        mount("/root/.m2", 3000, Duration.ofHours(2));
        mount("/root/.cache/go-build", 1000, Duration.ofHours(1));

        DiskUsage du = store.du();
        assertThat(du.cacheMounts()).extracting(CacheMountUsage::id, CacheMountUsage::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/root/.m2", 3000L),
                        org.assertj.core.groups.Tuple.tuple("/root/.cache/go-build", 1000L));
        assertThat(du.cacheMountBytes()).isEqualTo(4000);
        assertThat(du.total()).isEqualTo(du.blobs() + du.snapshots() + du.cache() + 4000);
    }

    @Test
    void keepStorageEmptiesTheLeastRecentlyUsedAmongRecordsAndMounts() throws IOException {
        Path m2 = mount("/root/.m2", 3000, Duration.ofDays(3));
        Digest record = record("two days", 1000, Duration.ofDays(2));
        Path goBuild = mount("/root/.cache/go-build", 1000, Duration.ofHours(1));

        // 5000 bytes, 2500 kept: the oldest (the .m2 mount) is enough
        PruneResult first = store.prune(false, new CacheLimit(Optional.of(2500L), Optional.empty()));
        assertThat(first.cacheMounts()).containsExactly("/root/.m2");
        assertThat(first.records()).isEmpty();
        assertThat(first.bytesFreed()).isGreaterThanOrEqualTo(3000);
        assertThat(m2.resolve("data")).doesNotExist();
        assertThat(m2.resolve("key")).exists(); // a RUN waiting for its lock finds it absent, and starts it empty
        assertThat(goBuild.resolve("data/file")).exists();

        // nothing kept: the record, then the go-build mount
        PruneResult second = store.prune(false, new CacheLimit(Optional.of(0L), Optional.empty()));
        assertThat(second.records()).containsExactly(record);
        assertThat(second.cacheMounts()).containsExactly("/root/.cache/go-build");
        assertThat(store.du().cacheMountBytes()).isZero();
        assertThat(store.du().cacheBlobs()).isZero();
    }

    @Test
    void untilEmptiesTheMountsNotUsedForThatLong() throws IOException {
        mount("/old", 100, Duration.ofDays(2));
        mount("/new", 100, Duration.ofHours(1));

        assertThat(store.prune(false, new CacheLimit(Optional.empty(), Optional.of(Duration.ofDays(1)))).cacheMounts())
                .containsExactly("/old");
        assertThat(store.du().cacheMounts()).extracting(CacheMountUsage::id, CacheMountUsage::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/old", 0L),
                        org.assertj.core.groups.Tuple.tuple("/new", 100L));
        // no bound: prune leaves cache mounts alone
        assertThat(store.prune(false, CacheLimit.none()).cacheMounts()).isEmpty();
        assertThat(store.du().cacheMountBytes()).isEqualTo(100);
    }

    @Test
    void aMountARunHoldsStaysAndTheNextOneGoesInstead() throws IOException {
        Path held = mount("/held", 1000, Duration.ofDays(3));
        Path next = mount("/next", 1000, Duration.ofDays(2));
        // a RUN with sharing=shared holds its lock shared for as long as it runs
        try (LockFile.Held run = LockFile.of(held.resolve("data.lock")).shared()) {
            PruneResult result = store.prune(false, new CacheLimit(Optional.of(0L), Optional.empty()));
            assertThat(result.cacheMounts()).containsExactly("/next");
            assertThat(held.resolve("data/file")).exists();
            assertThat(next.resolve("data")).doesNotExist();
        }
        assertThat(store.prune(false, new CacheLimit(Optional.of(0L), Optional.empty())).cacheMounts())
                .containsExactly("/held");
    }

    @Test
    void aPrivateCopyGoesWithItsMountAndAHalfMadeDirectoryToo() throws IOException {
        Path home = mount("/private", 100, Duration.ofDays(1));
        Files.createDirectories(home.resolve("private-1"));
        Files.write(home.resolve("private-1/file"), new byte[200]);
        Files.createFile(home.resolve("private-1.lock"));
        Files.createDirectories(home.resolve("data.new-1-2"));
        Files.write(home.resolve("data.new-1-2/part"), new byte[50]);
        assertThat(store.du().cacheMountBytes()).isEqualTo(350);

        assertThat(store.prune(false, new CacheLimit(Optional.of(0L), Optional.empty())).cacheMounts())
                .containsExactly("/private");
        assertThat(store.du().cacheMountBytes()).isZero();
        assertThat(home.resolve("private-1")).doesNotExist();
    }

    /** A cache mount {@code id} holding one file of {@code size} bytes, last used {@code ago}, as the engine lays it out. */
    private Path mount(String id, int size, Duration ago) throws IOException {
        Path home = CacheMountDirs.of(root).resolve(Digest.sha256(bytes(id)).hex());
        Files.createDirectories(home.resolve("data"));
        Files.write(home.resolve("data/file"), new byte[size]);
        Files.createFile(home.resolve("data.lock"));
        Files.writeString(home.resolve("key"), id + "\n");
        Files.setLastModifiedTime(home.resolve("key"), FileTime.from(now.minus(ago)));
        return home;
    }

    /** A cache record holding one blob of {@code size} bytes of its own, last used {@code ago}. */
    private Digest record(String name, int size, Duration ago) throws IOException {
        byte[] content = new byte[size];
        byte[] id = bytes(name);
        System.arraycopy(id, 0, content, 0, Math.min(id.length, size));
        Blob blob = store.blobs().put(content);
        Files.setLastModifiedTime(root.resolve("oci/blobs/sha256/" + blob.digest().hex()), FileTime.from(now.minus(ago)));
        Digest key = Digest.sha256(bytes("key " + name));
        store.cache().putRecord(key, bytes("{}"), List.of(blob.digest()));
        Files.setLastModifiedTime(root.resolve("cache/sha256/" + key.hex() + ".json"), FileTime.from(now.minus(ago)));
        return key;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
