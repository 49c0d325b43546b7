package dev.stevedore.context;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Remembers the sha256 of a file's content against its {@link FileStat}, so that a file whose
 * stat has not changed since it was hashed is not read again on the next build. Implementations
 * are safe for concurrent use.
 *
 * <p>A lookup answers only when every field of the stat is equal to the one stored (size, mtime,
 * ctime, inode, mode, owner). An implementation may forget entries at any time: a miss only
 * costs a re-read.
 */
public interface StatCache {

    /** The content hash stored for {@code file} with exactly {@code stat}, if any. */
    Optional<String> lookup(Path file, FileStat stat);

    /**
     * Records that {@code file}, with {@code stat}, has the content hash {@code sha256Hex}.
     *
     * @param hashedAtNanos wall-clock time (ns since the epoch) taken before the content was read:
     *                      a file changed within the filesystem's timestamp granularity of it
     *                      could keep its stat, so such an entry is not trusted later
     */
    void store(Path file, FileStat stat, String sha256Hex, long hashedAtNanos);

    /** A cache that remembers nothing. */
    static StatCache none() {
        return new StatCache() {
            @Override
            public Optional<String> lookup(Path file, FileStat stat) {
                return Optional.empty();
            }

            @Override
            public void store(Path file, FileStat stat, String sha256Hex, long hashedAtNanos) {}
        };
    }
}
