package dev.stevedore.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content digests of COPY sources and the stat cache that spares re-reading unchanged files. */
class ContentHasherTest {

    /** A clock well past any file the test writes: no cache entry is racy. */
    private static final LongSupplier LATER = () -> (Instant.now().getEpochSecond() + 10) * 1_000_000_000L;

    @TempDir
    Path tmp;

    @AfterEach
    void removeLinks() throws Exception {
        Tree.removeSymlinks(tmp);
    }

    private Tree sample(String name) {
        return Tree.at(tmp.resolve(name)).file("Dockerfile", "FROM x\n").file("app/main.go", "package main\n")
                .file("app/lib/a.go", "package lib\n").file("app/run.sh", "#!/bin/sh\n").mode("app/run.sh", "rwxr-xr-x")
                .dir("app/empty").link("app/current", "lib/a.go");
    }

    private static ContentDigest digest(Path root) {
        BuildContext c = BuildContext.ofDirectory(root, Optional.empty());
        return new ContentHasher(StatCache.none()).hash(c.select(List.of("app"), List.of()));
    }

    private ContentDigest after(Tree t, Consumer<Path> change) {
        change.accept(t.root());
        return digest(t.root());
    }

    @Test
    void sameContentAndMetadataHashTheSameWhereverAndWheneverMade() throws Exception {
        Tree a = sample("a");
        Tree b = sample("b");
        Files.setLastModifiedTime(b.root().resolve("app/main.go"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        Files.setLastModifiedTime(b.root().resolve("app/lib"), FileTime.from(Instant.parse("2002-01-01T00:00:00Z")));
        ContentDigest d = digest(a.root());
        assertThat(d.hex()).hasSize(64);
        assertThat(d.toString()).isEqualTo("sha256:" + d.hex());
        assertThat(digest(b.root())).isEqualTo(d);
        assertThat(digest(a.root())).isEqualTo(d);
    }

    @Test
    void everyCoveredFieldChangesTheDigest() {
        ContentDigest base = digest(sample("base").root());
        List<ContentDigest> changed = new ArrayList<>();
        changed.add(after(sample("c1"), r -> write(r.resolve("app/main.go"), "package maim\n")));
        changed.add(after(sample("c2"), r -> write(r.resolve("app/lib/a.go"), "package lib\n\n")));
        changed.add(after(sample("c3"), r -> Tree.at(r).mode("app/run.sh", "rwxr-x---")));
        changed.add(after(sample("c4"), r -> Tree.at(r).mode("app/empty", "rwx------")));
        changed.add(after(sample("c5"), r -> relink(r.resolve("app/current"), "main.go")));
        changed.add(after(sample("c6"), r -> rename(r.resolve("app/main.go"), r.resolve("app/Main.go"))));
        changed.add(after(sample("c7"), r -> Tree.at(r).file("app/empty/new", "")));
        assertThat(changed).doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void theOwnerChangesTheDigest() throws Exception {
        Tree t = sample("owned");
        ContentDigest before = digest(t.root());
        dev.stevedore.testing.Prerequisites.root(); // chown
        Files.setAttribute(t.root().resolve("app/main.go"), "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        ContentDigest uid = digest(t.root());
        Files.setAttribute(t.root().resolve("app/main.go"), "unix:gid", 4343, LinkOption.NOFOLLOW_LINKS);
        ContentDigest gid = digest(t.root());
        assertThat(List.of(before, uid, gid)).doesNotHaveDuplicates();
    }

    @Test
    void theStatCacheSparesUnchangedFilesAcrossBuilds() throws Exception {
        Tree t = sample("ctx");
        BuildContext c = BuildContext.ofDirectory(t.root(), Optional.empty());
        List<SelectedEntry> entries = c.select(List.of("app"), List.of());
        Path cacheDir = tmp.resolve("store/cache/content");

        FileStatCache first = FileStatCache.open(cacheDir);
        ContentHasher h1 = new ContentHasher(first, LATER);
        ContentDigest d1 = h1.hash(entries);
        assertThat(h1.filesRead()).isEqualTo(3);
        assertThat(first.hits()).isZero();
        first.save();

        FileStatCache second = FileStatCache.open(cacheDir);
        ContentHasher h2 = new ContentHasher(second, LATER);
        assertThat(h2.hash(entries)).isEqualTo(d1);
        assertThat(h2.filesRead()).isZero();
        assertThat(second.hits()).isEqualTo(3);

        // a same-size rewrite with the mtime put back: only ctime tells, and it is enough
        Path main = t.root().resolve("app/main.go");
        FileTime mtime = Files.getLastModifiedTime(main);
        Thread.sleep(30);
        write(main, "package mayn\n");
        Files.setLastModifiedTime(main, mtime);
        ContentHasher h3 = new ContentHasher(second, LATER);
        ContentDigest d3 = h3.hash(entries);
        assertThat(h3.filesRead()).isEqualTo(1);
        assertThat(d3).isNotEqualTo(d1);
    }

    @Test
    void theCacheAnswersOnlyForTheExactStat() {
        FileStatCache cache = FileStatCache.open(tmp.resolve("cache"));
        Path f = tmp.resolve("f");
        FileStat stat = new FileStat(10, 1_000, 2_000, 77, 0100644, 0, 0);
        long later = 10_000_000_000L;
        cache.store(f, stat, "ab".repeat(32), later);
        assertThat(cache.lookup(f, stat)).contains("ab".repeat(32));
        assertThat(cache.lookup(f, new FileStat(11, 1_000, 2_000, 77, 0100644, 0, 0))).isEmpty();
        assertThat(cache.lookup(f, new FileStat(10, 1_001, 2_000, 77, 0100644, 0, 0))).isEmpty();
        assertThat(cache.lookup(f, new FileStat(10, 1_000, 2_001, 77, 0100644, 0, 0))).as("ctime").isEmpty();
        assertThat(cache.lookup(f, new FileStat(10, 1_000, 2_000, 78, 0100644, 0, 0))).as("inode").isEmpty();
        assertThat(cache.lookup(f, new FileStat(10, 1_000, 2_000, 77, 0100755, 0, 0))).as("mode").isEmpty();
        assertThat(cache.lookup(tmp.resolve("g"), stat)).isEmpty();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(6);
    }

    @Test
    void aFileChangedInTheSameTickAsItWasHashedIsNotTrusted() {
        FileStatCache cache = FileStatCache.open(tmp.resolve("cache"));
        Path f = tmp.resolve("f");
        long hashedAt = 5_000_000_000L;
        FileStat racy = new FileStat(1, hashedAt - 1_000_000, hashedAt - 1_000_000, 1, 0100644, 0, 0);
        cache.store(f, racy, "cd".repeat(32), hashedAt);
        assertThat(cache.lookup(f, racy)).isEmpty();
        FileStat settled = new FileStat(1, hashedAt - FileStatCache.RACY_WINDOW_NANOS - 1, hashedAt - FileStatCache.RACY_WINDOW_NANOS - 1, 1, 0100644, 0, 0);
        cache.store(f, settled, "cd".repeat(32), hashedAt);
        assertThat(cache.lookup(f, settled)).contains("cd".repeat(32));
    }

    @Test
    void aFreshlyWrittenFileIsReadAgainUntilItSettles() {
        Tree t = sample("fresh");
        List<SelectedEntry> entries = BuildContext.ofDirectory(t.root(), Optional.empty()).select(List.of("app/main.go"), List.of());
        FileStatCache cache = FileStatCache.open(tmp.resolve("cache"));
        ContentHasher now = new ContentHasher(cache);
        now.hash(entries);
        now.hash(entries);
        assertThat(now.filesRead()).isEqualTo(2);
    }

    @Test
    void aCorruptOrTruncatedCacheFileIsIgnoredAndRebuilt() throws Exception {
        Path dir = tmp.resolve("cache");
        FileStatCache cache = FileStatCache.open(dir);
        cache.store(tmp.resolve("f"), new FileStat(1, 2, 3, 4, 5, 6, 7), "ef".repeat(32), 8);
        cache.save();
        Path file = dir.resolve("content-hashes");
        byte[] good = Files.readAllBytes(file);
        assertThat(FileStatCache.open(dir).size()).isEqualTo(1);

        byte[] flipped = good.clone();
        flipped[20] ^= 1;
        for (byte[] bad : List.of(flipped, java.util.Arrays.copyOf(good, good.length - 3), "garbage".getBytes(StandardCharsets.UTF_8), new byte[0])) {
            Files.write(file, bad);
            FileStatCache reopened = FileStatCache.open(dir);
            assertThat(reopened.size()).isZero();
            reopened.store(tmp.resolve("g"), new FileStat(1, 2, 3, 4, 5, 6, 7), "01".repeat(32), 10_000_000_000L);
            reopened.save();
            assertThat(FileStatCache.open(dir).lookup(tmp.resolve("g"), new FileStat(1, 2, 3, 4, 5, 6, 7))).contains("01".repeat(32));
        }
    }

    @Test
    void concurrentHashingWithOneCacheAgrees() throws Exception {
        Tree t = sample("ctx");
        for (int i = 0; i < 50; i++) {
            t.file("app/many/f" + i, "content " + i);
        }
        List<SelectedEntry> entries = BuildContext.ofDirectory(t.root(), Optional.empty()).select(List.of("app"), List.of());
        ContentDigest expected = new ContentHasher(StatCache.none()).hash(entries);
        FileStatCache cache = FileStatCache.open(tmp.resolve("cache"));
        List<Future<ContentDigest>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                ContentHasher h = new ContentHasher(cache, LATER);
                results.add(pool.submit((Callable<ContentDigest>) () -> h.hash(entries)));
                pool.submit(cache::save);
            }
        }
        for (Future<ContentDigest> r : results) {
            assertThat(r.get()).isEqualTo(expected);
        }
        assertThat(FileStatCache.open(tmp.resolve("cache")).size()).isPositive();
    }

    @Test
    void aFileThatVanishedIsNotFound() throws Exception {
        Tree t = sample("ctx");
        List<SelectedEntry> entries = BuildContext.ofDirectory(t.root(), Optional.empty()).select(List.of("app"), List.of());
        Files.delete(t.root().resolve("app/main.go"));
        assertThatThrownBy(() -> new ContentHasher(StatCache.none()).hash(entries))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("main.go\" disappeared from the build context");
    }

    private static void write(Path p, String s) {
        try {
            Files.writeString(p, s, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void relink(Path link, String target) {
        try {
            Files.delete(link);
            Files.createSymbolicLink(link, Path.of(target));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void rename(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
