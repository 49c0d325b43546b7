package dev.stevedore.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's stat cache is bounded: it used to keep, in memory and in its file, an entry for
 * every file any build on the store had ever hashed (about 270 bytes each), so a store that had
 * seen a context of a million files needed 270 MB of heap for every later build. Now it holds a
 * fixed number, and a full cache makes room by forgetting what this process has not used.
 */
class FileStatCacheTest {

    private static final FileStat STAT = new FileStat(10, 1_000, 2_000, 77, 0100644, 0, 0);
    private static final long LATER = 10_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void theCacheHoldsNoMoreThanItsCapacity() {
        FileStatCache cache = FileStatCache.open(tmp, 3);
        for (int i = 0; i < 10; i++) {
            cache.store(tmp.resolve("f" + i), STAT, hash(i), LATER);
        }
        assertThat(cache.size()).isEqualTo(3);
        cache.save();
        assertThat(FileStatCache.open(tmp, 3).size()).isEqualTo(3);
        assertThat(FileStatCache.open(tmp, 2).size()).as("a smaller capacity loads fewer").isEqualTo(2);
    }

    @Test
    void aFullCacheForgetsWhatThisProcessHasNotUsedFirst() {
        FileStatCache first = FileStatCache.open(tmp, 3);
        for (int i = 0; i < 3; i++) {
            first.store(tmp.resolve("f" + i), STAT, hash(i), LATER);
        }
        first.save();

        FileStatCache second = FileStatCache.open(tmp, 3);
        assertThat(second.lookup(tmp.resolve("f0"), STAT)).contains(hash(0)); // used now
        second.store(tmp.resolve("new1"), STAT, hash(11), LATER); // takes f1's or f2's place
        second.store(tmp.resolve("new2"), STAT, hash(12), LATER); // takes the other's
        second.store(tmp.resolve("new3"), STAT, hash(13), LATER); // everything is used: not kept
        assertThat(second.size()).isEqualTo(3);
        assertThat(second.lookup(tmp.resolve("f0"), STAT)).contains(hash(0));
        assertThat(second.lookup(tmp.resolve("new1"), STAT)).contains(hash(11));
        assertThat(second.lookup(tmp.resolve("new2"), STAT)).contains(hash(12));
        assertThat(second.lookup(tmp.resolve("new3"), STAT)).isEmpty();
        assertThat(second.lookup(tmp.resolve("f1"), STAT)).isEmpty();
        assertThat(second.lookup(tmp.resolve("f2"), STAT)).isEmpty();
    }

    @Test
    void aBuildThatOnlyLookedUpLeavesTheFileAlone() throws Exception {
        FileStatCache first = FileStatCache.open(tmp, 3);
        first.store(tmp.resolve("f0"), STAT, hash(0), LATER);
        first.save();
        Object written = Files.readAttributes(tmp.resolve("content-hashes"), BasicFileAttributes.class).fileKey();

        FileStatCache second = FileStatCache.open(tmp, 3);
        assertThat(second.lookup(tmp.resolve("f0"), STAT)).contains(hash(0));
        assertThat(second.lookup(tmp.resolve("missing"), STAT)).isEmpty();
        second.save();
        assertThat(Files.readAttributes(tmp.resolve("content-hashes"), BasicFileAttributes.class).fileKey())
                .as("not rewritten (a rewrite renames a new file over it)").isEqualTo(written);

        second.store(tmp.resolve("f1"), STAT, hash(1), LATER);
        second.save();
        assertThat(FileStatCache.open(tmp, 3).lookup(tmp.resolve("f1"), STAT)).contains(hash(1));
    }

    private static String hash(int i) {
        return "%064x".formatted(i);
    }
}
