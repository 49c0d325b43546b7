package dev.stevedore.exec;

import dev.stevedore.cache.BlobOrigin;
import dev.stevedore.cache.CacheRecord;
import dev.stevedore.cache.ImportedCache;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.fs.LockFile;
import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerApplier;
import dev.stevedore.oci.Compression;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.layer.Whiteouts;
import dev.stevedore.oci.Digest;
import dev.stevedore.store.BlobWriter;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache mounts' part of a shared cache ({@code --cache-to ...,cache-mounts=true}, see
 * {@code docs/cache-format.md}): the contents of a {@code RUN --mount=type=cache} directory
 * travel as a layer, keyed by the mount's identity (its id, default its target, and where it is
 * seeded from: the key of the local directory).
 *
 * <p>Reading: an imported mount is restored, at most once per build, into the local directory of
 * the same identity when the build's first RUN that mounts it finds that directory absent or
 * empty; the layer is fetched then (a build whose RUNs all hit fetches nothing), and applied by the
 * {@link LayerApplier}, as hostile as any layer. Writing: the mounts the build used, as their
 * directories are after it, and the imported ones it never mounted, as they came.
 */
public final class SharedCacheMounts {

    private final Store store;
    private final Lease lease;
    private final BuildListener listener;
    /** Imported mounts by identity, the first source's first. */
    private final Map<String, Imported> imported;
    /** Each identity's one restore in this build, done or under way. */
    private final Map<String, CompletableFuture<Void>> restores = new ConcurrentHashMap<>();
    /** The mounts this build mounted: the directory exported, and the lock its users take. */
    private final Map<String, Used> used = new ConcurrentHashMap<>();
    private List<CacheRecord.Mount> exported;

    private record Imported(CacheRecord.Mount record, BlobOrigin origin) {}

    private record Used(Path dir, Path lock) {}

    SharedCacheMounts(Store store, Lease lease, BuildListener listener, List<ImportedCache> imports) {
        this.store = store;
        this.lease = lease;
        this.listener = listener;
        Map<String, Imported> byId = new LinkedHashMap<>();
        for (ImportedCache cache : imports) {
            for (CacheRecord record : cache.records().values()) {
                if (record instanceof CacheRecord.Mount mount) {
                    byId.putIfAbsent(mount.id(), new Imported(mount, cache.origin()));
                }
            }
        }
        this.imported = Map.copyOf(byId);
    }

    /** For a build without shared caches (and tests of mounts): nothing to restore, and never exported. */
    public static SharedCacheMounts none() {
        return new SharedCacheMounts(null, null, e -> { }, List.of());
    }

    /** How a cache mount's directory is restored (see {@link #restoreOnce}). */
    @FunctionalInterface
    public interface Restore {
        void run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code restore} the first time a RUN of this build mounts {@code id}, when the build
     * has imported contents for it; a RUN of another stage mounting it meanwhile waits until that
     * is done, so it never starts on the empty directory the restore is about to fill.
     */
    public void restoreOnce(String id, Restore restore) throws IOException, InterruptedException {
        if (!imported.containsKey(id)) {
            return;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> first = restores.putIfAbsent(id, mine);
        if (first != null) {
            try {
                first.get();
            } catch (ExecutionException e) {
                // the first one's failure is its RUN's to report; this RUN goes on with the directory as it is
            }
            return;
        }
        try {
            restore.run();
            mine.complete(null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Fills {@code emptyDir} with the imported contents of mount {@code id}. A layer that cannot be
     * fetched or applied is a warning, and the RUN starts with an empty cache.
     *
     * @return whether it did; if not, {@code emptyDir} may hold part of the contents and is the caller's to delete
     */
    public boolean restore(String id, Path emptyDir) {
        Imported mount = imported.get(id);
        CacheRecord.Layer layer = mount.record().layer();
        Digest digest = layer.blob().digest();
        try {
            lease.protect(digest);
            if (!store.blobs().exists(digest)) {
                mount.origin().fetch(layer.blob(), store, lease);
            }
            try (InputStream in = store.blobs().open(digest)) {
                Digest diffId = LayerApplier.apply(in, emptyDir, Whiteouts.NONE);
                if (!diffId.equals(layer.diffId())) {
                    throw new IOException("its layer's content is not the " + layer.diffId() + " its record names");
                }
            }
            return true;
        } catch (StevedoreException | IOException | UncheckedIOException e) {
            listener.on(new BuildEvent.Warning(Instant.now(), Diagnostic.warning("--cache-from", null,
                    "cache mount " + quoted(id) + " was not restored, its RUN starts with it empty: " + e.getMessage())));
            return false;
        }
    }

    /** Notes that a RUN of this build mounted {@code id}, whose contents are {@code dir}, locked by {@code lock}. */
    public void used(String id, Path dir, Path lock) {
        used.putIfAbsent(id, new Used(dir, lock));
    }

    /**
     * The records to export (once for all the build's {@code --cache-to}s): each mount the build
     * used and that holds something, its directory written as a layer into the store; then each
     * imported one the build never mounted (its layer where it came from, see {@link #origins}).
     */
    synchronized List<CacheRecord.Mount> records() {
        if (exported == null) {
            List<CacheRecord.Mount> records = new ArrayList<>();
            used.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> write(e.getKey(), e.getValue()).ifPresent(records::add));
            imported.forEach((id, mount) -> {
                if (!used.containsKey(id)) {
                    records.add(mount.record());
                }
            });
            exported = List.copyOf(records);
        }
        return exported;
    }

    /** Where each imported mount's layer is, by blob digest. */
    Map<Digest, BlobOrigin> origins() {
        Map<Digest, BlobOrigin> origins = new LinkedHashMap<>();
        imported.values().forEach(m -> origins.putIfAbsent(m.record().layer().blob().digest(), m.origin()));
        return origins;
    }

    /**
     * The directory as a layer, read under its shared lock (no {@code sharing=locked} writer, nor a
     * prune, meanwhile); none when it holds nothing (a prune may have emptied it since its RUN).
     */
    private java.util.Optional<CacheRecord.Mount> write(String id, Used mount) {
        try (LockFile.Held held = LockFile.of(mount.lock()).shared()) {
            if (absentOrEmpty(mount.dir())) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(writeLayer(id, mount));
        }
    }

    private CacheRecord.Mount writeLayer(String id, Used mount) {
        try (BlobWriter writer = store.blobs().writer(lease)) {
            // gzip, as the cache carries it: the directory is written for this export alone
            Layer layer = LayerWriter.writeTree(mount.dir(), writer.stream(),
                    LayerOptions.defaults().withCompression(Compression.GZIP));
            lease.protect(layer.digest());
            writer.commit(layer.size(), layer.digest());
            return new CacheRecord.Mount(CacheRecord.Mount.keyOf(id), id,
                    new CacheRecord.Layer(layer.descriptor(), layer.diffId()));
        } catch (IOException e) {
            throw new InternalException("cannot export cache mount " + quoted(id) + ": " + e.getMessage(), e);
        }
    }

    private static boolean absentOrEmpty(Path dir) {
        try {
            return FileTrees.absentOrEmpty(dir);
        } catch (IOException e) {
            throw new InternalException("cannot read cache mount " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The identity as one line: an id seeded from a stage holds newlines. */
    private static String quoted(String id) {
        return "\"" + id.replace("\n", ",") + "\"";
    }
}
