package dev.stevedore.exec.mounts;

import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.fs.LockFile;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.store.CacheMountDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The directories behind {@code RUN --mount=type=cache}, kept under
 * {@code <cacheMounts>/<sha256 of the key>/}: the key is the cache's id (default: its target) and,
 * when it is seeded from another stage, that {@code from} and {@code source}. Each holds
 *
 * <ul>
 * <li>{@code key}: the key in clear, for people looking at the disk;</li>
 * <li>{@code data/}: the cache, made on first use with the mount's mode, uid and gid, or as a
 *     copy of {@code from}/{@code source} (BuildKit copies the source into a fresh cache once);</li>
 * <li>{@code private-N/}: further caches for {@code sharing=private} users that found
 *     {@code data/} (or {@code private-M/}, M &lt; N) busy, reused when free;</li>
 * <li>{@code <dir>.lock}: the {@link LockFile} of each directory.</li>
 * </ul>
 *
 * <p>{@code du} and {@code prune --keep-storage} see them through {@link CacheMountDirs}: the
 * {@code key} file's time is the last use, and a directory is removed only under its lock.
 *
 * <p>A {@code shared} user waits while a {@code locked} or {@code private} user holds {@code data/}
 * (BuildKit would hand it another directory); {@code private} never waits.
 *
 * <p>A cache directory is only ever bind-mounted: it is never part of an image's layer, and nothing
 * of it enters a cache key. With {@code --cache-to ...,cache-mounts=true} its contents travel as a
 * layer of the shared cache, and a build reading that cache restores them into an absent or empty
 * {@code data/} before its first RUN that mounts it ({@link dev.stevedore.exec.SharedCacheMounts}).
 */
final class CacheMounts {

    private CacheMounts() {}

    /** A cache directory, held with its lock until closed. */
    record Held(Path dir, LockFile.Held lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lock.close();
        }
    }

    /**
     * Locks (waiting as the sharing mode says) and returns the cache directory for {@code cache};
     * first restores it from an imported cache when the build has its contents and it is absent or empty.
     */
    static Held acquire(Mount.Cache cache, String target, MountInputs inputs) throws IOException, InterruptedException {
        String key = key(cache, target);
        Path home = inputs.cacheMounts().resolve(hash(key));
        Files.createDirectories(home);
        Path keyFile = home.resolve("key");
        if (!Files.exists(keyFile)) {
            Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8);
        }
        CacheMountDirs.markUsed(home); // prune --keep-storage removes the least recently used first
        inputs.shared().restoreOnce(key, () -> restore(home, key, cache, inputs));
        Held held = switch (cache.sharing()) {
            case SHARED -> held(home, "data", cache, inputs, LockFile.of(home.resolve("data.lock")).sharedInterruptibly());
            case LOCKED -> held(home, "data", cache, inputs, LockFile.of(home.resolve("data.lock")).exclusiveInterruptibly());
            case PRIVATE -> privateDir(home, cache, inputs);
        };
        inputs.shared().used(key, home.resolve("data"), home.resolve("data.lock"));
        return held;
    }

    /**
     * Restores {@code data/} from the imported contents, holding it exclusive (every user of the
     * directory waits), when it is absent or empty: the contents are applied to a fresh directory
     * (with the mount's mode and owner) that then replaces it by a rename, so no user ever sees
     * part of them. Another user's contents are never overwritten.
     */
    private static void restore(Path home, String key, Mount.Cache cache, MountInputs inputs)
            throws IOException, InterruptedException {
        Path data = home.resolve("data");
        try (LockFile.Held lock = LockFile.of(home.resolve("data.lock")).exclusiveInterruptibly()) {
            if (!FileTrees.absentOrEmpty(data)) {
                return;
            }
            Path temp = temp(data);
            FileTrees.delete(temp);
            empty(temp, cache);
            if (!inputs.shared().restore(key, temp)) {
                FileTrees.delete(temp);
                return;
            }
            Files.deleteIfExists(data); // empty, and held exclusive
            Files.move(temp, data, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static Held privateDir(Path home, Mount.Cache cache, MountInputs inputs)
            throws IOException, InterruptedException {
        for (int n = 0; ; n++) {
            String name = n == 0 ? "data" : "private-" + n;
            Optional<LockFile.Held> lock = LockFile.of(home.resolve(name + ".lock")).tryExclusive();
            if (lock.isPresent()) {
                return held(home, name, cache, inputs, lock.get());
            }
        }
    }

    private static Held held(Path home, String name, Mount.Cache cache, MountInputs inputs, LockFile.Held lock)
            throws IOException {
        try {
            Path dir = home.resolve(name);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                create(dir, cache, inputs);
            }
            return new Held(dir, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Makes the directory in a temp place and renames it in, so that a shared user sees it whole. */
    private static void create(Path dir, Mount.Cache cache, MountInputs inputs) throws IOException {
        Path temp = temp(dir);
        FileTrees.delete(temp);
        if (cache.from().isPresent() || cache.source().isPresent()) {
            seed(temp, cache, inputs);
        } else {
            empty(temp, cache);
        }
        try {
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            FileTrees.delete(temp); // a concurrent shared user made it first
        }
    }

    /** A place beside {@code dir} that is this thread's alone, to make a directory in before renaming it in. */
    private static Path temp(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".new-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().threadId());
    }

    /** Makes {@code dir}, empty, with the mount's owner and mode. */
    private static void empty(Path dir, Mount.Cache cache) throws IOException {
        Files.createDirectory(dir);
        if (FileCalls.getuid() == 0) {
            FileCalls.lchown(dir, (int) cache.uid(), (int) cache.gid());
        }
        FileCalls.chmod(dir, (int) cache.mode());
    }

    private static void seed(Path temp, Mount.Cache cache, MountInputs inputs) throws IOException {
        Path root = inputs.sources().root(cache.from());
        String source = cache.source().orElse("/");
        String where = cache.from().map(f -> "\"" + f + "\"").orElse("the build context");
        Path from = InsidePath.resolve(root, source, where);
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("cache mount source " + source + " not found in " + where);
        }
        if (Files.isDirectory(from)) {
            Trees.copy(from, temp);
        } else {
            Files.createDirectory(temp);
            Trees.copy(from, temp.resolve(from.getFileName().toString()));
        }
    }

    /** The cache's identity: its id (default: the target), plus where it is seeded from. */
    static String key(Mount.Cache cache, String target) {
        String id = cache.id().filter(s -> !s.isEmpty()).orElse(target);
        if (cache.from().isEmpty() && cache.source().isEmpty()) {
            return id;
        }
        return id + "\nfrom=" + cache.from().orElse("") + "\nsource=" + cache.source().orElse("");
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
