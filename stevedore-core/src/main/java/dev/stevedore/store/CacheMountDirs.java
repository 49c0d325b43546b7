package dev.stevedore.store;

import dev.stevedore.diag.InternalException;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.fs.LockFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directories of {@code RUN --mount=type=cache} as the store's disk usage and its bound see
 * them ({@code <root>/cache-mounts/<sha256 of the key>/}, made and locked by the engine's
 * {@code CacheMounts}): each one's size and last use, for {@code du}, and removing the contents of
 * the least recently used under {@code prune --keep-storage} / {@code --filter until}, as BuildKit
 * counts and prunes its {@code exec.cachemount} records.
 *
 * <p>A directory's last use is the modification time of its {@code key} file, which the engine
 * touches each time a RUN mounts it. Its contents ({@code data/}, {@code private-N/}) are removed
 * only under the exclusive hold of each one's lock, taken without waiting: one that a RUN holds is
 * in use and stays. The key and lock files stay too, so a RUN waiting for the lock meanwhile finds
 * an absent directory and starts it empty, as on a fresh machine.
 */
public final class CacheMountDirs {

    private static final String KEY = "key";
    private static final String LOCK = ".lock";

    private final Path dir;

    CacheMountDirs(Path dir) {
        this.dir = dir;
    }

    /** The directory under a store root that holds them: {@code <root>/cache-mounts}. */
    public static Path of(Path storeRoot) {
        return storeRoot.resolve("cache-mounts");
    }

    /**
     * One cache mount's directory, its fields as {@link CacheMountUsage}'s.
     *
     * @param home {@code <root>/cache-mounts/<hash>}
     */
    record Entry(Path home, String id, long bytes, Instant lastUsed) {
        CacheMountUsage usage() {
            return new CacheMountUsage(id, bytes, lastUsed);
        }
    }

    /** Notes that a RUN mounts the cache whose home is {@code home} now (its {@code key} file is there). */
    public static void markUsed(Path home) throws IOException {
        Files.setLastModifiedTime(home.resolve(KEY), FileTime.from(Instant.now()));
    }

    /** Every cache mount, least recently used first; none when there is none yet. */
    public List<CacheMountUsage> usage() {
        return list().stream().map(Entry::usage).toList();
    }

    /** Every cache mount directory, least recently used first; none when there is none yet. */
    List<Entry> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> homes = Files.list(dir)) {
            for (Path home : homes.sorted().toList()) {
                entry(home).ifPresent(entries::add);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot read cache mounts in " + dir + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(Entry::lastUsed).thenComparing(Entry::home));
        return List.copyOf(entries);
    }

    private static Optional<Entry> entry(Path home) throws IOException {
        Path key = home.resolve(KEY);
        if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(key, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // not made by the engine, or being made
        }
        try {
            String id = Files.readString(key, StandardCharsets.UTF_8).strip().replace("\n", ",");
            long bytes = 0;
            for (Path contents : contents(home)) {
                bytes += FileTrees.bytes(contents);
            }
            return Optional.of(new Entry(home, id, bytes, Files.getLastModifiedTime(key).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed while we looked
        }
    }

    /** The cache directories of a home: {@code data/}, {@code private-N/} and any half-made {@code .new-} ones. */
    private static List<Path> contents(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    /**
     * Removes the contents of {@code entry} unless a RUN holds any of its directories.
     *
     * @return whether it did
     */
    boolean evict(Entry entry) {
        List<LockFile.Held> held = new ArrayList<>();
        try {
            List<String> names = new ArrayList<>();
            try (Stream<Path> files = Files.list(entry.home())) {
                for (Path lock : files.filter(p -> p.getFileName().toString().endsWith(LOCK)).sorted().toList()) {
                    Optional<LockFile.Held> h = LockFile.of(lock).tryExclusive();
                    if (h.isEmpty()) {
                        return false;
                    }
                    held.add(h.get());
                    String file = lock.getFileName().toString();
                    names.add(file.substring(0, file.length() - LOCK.length()));
                }
            }
            // only the directories whose locks are held here: a private-N made meanwhile is its maker's
            for (Path contents : contents(entry.home())) {
                String name = contents.getFileName().toString();
                if (names.stream().anyMatch(n -> name.equals(n) || name.startsWith(n + ".new-"))) {
                    FileTrees.delete(contents);
                }
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot remove cache mount " + entry.home() + ": " + e.getMessage(), e);
        } finally {
            held.reversed().forEach(LockFile.Held::close);
        }
    }
}
