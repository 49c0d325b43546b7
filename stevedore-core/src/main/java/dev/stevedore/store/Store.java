package dev.stevedore.store;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local store: one root directory holding
 * <pre>
 * oci/         an OCI image layout any OCI tool reads as it is: oci-layout, index.json, blobs/
 * snapshots/   extracted layers (owned by the snapshot package)
 * cache/       build cache records ({@link CacheRecords})
 * leases/      what running builds protect from prune ({@link Lease})
 * sizes/       the unpacked size of each layer blob, measured once ({@link LayerSizes})
 * forms/       which blob holds a layer compressed for export, made once ({@link CompressedForms})
 * tmp/         staging; everything lands by atomic rename
 * store.lock   the lock that serializes index, cache, lease and prune updates across processes
 * </pre>
 * Instances are cheap and thread-safe; any number of processes may open the same root.
 */
public final class Store {

    static final String OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    private final StoreLayout layout;
    private final StoreLock lock;
    private final BlobStore blobs;
    private final Tags tags;
    private final CacheRecords cache;
    private final Leases leases;
    private final LayerSizes sizes;
    private final CompressedForms forms;
    private final List<StorePrivacy.Exposed> madePrivate;

    private Store(StoreLayout layout, List<StorePrivacy.Exposed> madePrivate) {
        this.layout = layout;
        this.lock = StoreLock.of(layout.lockFile());
        this.blobs = new BlobStore(layout);
        this.tags = new Tags(layout, lock, blobs);
        this.cache = new CacheRecords(layout, lock);
        this.leases = new Leases(layout, lock);
        this.sizes = new LayerSizes(layout);
        this.forms = new CompressedForms(layout, blobs);
        this.madePrivate = List.copyOf(madePrivate);
    }

    /** Opens the store at {@code root}, creating it (atomically, file by file) when absent. */
    public static Store open(StoreRoot root) {
        return open(root.path());
    }

    /**
     * Opens the store at {@code root}, creating it when absent.
     *
     * @throws InvalidInputException when the root cannot hold a store (a file, no permission)
     *                               or holds an OCI layout of another version
     */
    public static Store open(Path root) {
        StoreLayout layout = new StoreLayout(root.toAbsolutePath().normalize());
        Store store = new Store(layout, createDirectories(layout));
        store.initialize();
        store.removeTempsOfDeadProcesses();
        return store;
    }

    /** Creates what is missing, private; makes private what others could enter (see {@link StorePrivacy}). */
    private static List<StorePrivacy.Exposed> createDirectories(StoreLayout layout) {
        Path root = layout.root();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidInputException("store root " + root + " is not a directory");
        }
        try {
            if (!Files.exists(root)) {
                Files.createDirectories(root.getParent());
                Files.createDirectory(root, StorePrivacy.PRIVATE_DIRECTORY);
            }
            for (Path dir : new Path[] {layout.blobs().resolve("sha256"), layout.snapshots(), layout.cache(),
                    layout.leases(), layout.tmp()}) {
                StorePrivacy.createPrivateDirectories(dir);
            }
            return StorePrivacy.secureTop(layout);
        } catch (IOException e) {
            throw cannotCreate(root, e);
        }
    }

    private void initialize() {
        try (var held = lock.acquire()) {
            checkOrWriteLayoutFile();
            tags.initialize();
        } catch (IOException e) {
            throw cannotCreate(layout.root(), e);
        }
    }

    private static RuntimeException cannotCreate(Path root, IOException cause) {
        return switch (cause) {
            case AccessDeniedException e -> new InvalidInputException("cannot create store at " + root
                    + ": permission denied on " + e.getFile() + " (choose another with --root)", e);
            case FileSystemException e ->
                    new InvalidInputException("cannot create store at " + root + ": " + e.getMessage(), e);
            default -> new InternalException("cannot create store at " + root + ": " + cause.getMessage(), cause);
        };
    }

    private void checkOrWriteLayoutFile() throws IOException {
        Path file = layout.ociLayoutFile();
        if (!Files.exists(file)) {
            AtomicFiles.write(file, OCI_LAYOUT.getBytes(StandardCharsets.UTF_8), layout.tmp());
            return;
        }
        String version;
        try {
            version = DescriptorNodes.MAPPER.readTree(Files.readAllBytes(file)).path("imageLayoutVersion").asText("");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException("store " + layout.root() + " has a broken " + file
                    + ": it is not JSON", e);
        }
        if (!version.equals("1.0.0")) {
            throw new InvalidInputException("store " + layout.root() + " has an OCI layout of version \""
                    + version + "\" in " + file + "; only 1.0.0 is supported");
        }
    }

    /** The root directory. */
    public Path root() {
        return layout.root();
    }

    /** The OCI image layout directory, {@code ROOT/oci}: what {@code skopeo oci:ROOT/oci:NAME} reads. */
    public Path ociLayout() {
        return layout.oci();
    }

    /** The directory the snapshot package keeps extracted layers in. */
    public Path snapshotsDirectory() {
        return layout.snapshots();
    }

    /** The directory for staging files that later land in the store by rename (same file system). */
    public Path tmpDirectory() {
        return layout.tmp();
    }

    /**
     * A new private directory under {@code tmp/} for this process's staging ({@code kind}: lower-case
     * letters, what it is for): named {@code <kind>-<pid>-<uuid>}, so that when the process is
     * killed the next command of any kind removes it (and {@code fsck} lists it as removable).
     * The caller removes it when done.
     */
    public Path stagingDirectory(String kind) throws IOException {
        return TempFiles.createDirectory(layout.tmp(), kind);
    }

    /** A new private (0600) staging file under {@code tmp/}, named and cleaned up as {@link #stagingDirectory}. */
    public Path stagingFile(String kind) throws IOException {
        return TempFiles.create(layout.tmp(), kind);
    }

    public BlobStore blobs() {
        return blobs;
    }

    public Tags tags() {
        return tags;
    }

    public CacheRecords cache() {
        return cache;
    }

    public LayerSizes layerSizes() {
        return sizes;
    }

    /** The compressed forms of uncompressed layer blobs, made for pushes and exports. */
    public CompressedForms compressedForms() {
        return forms;
    }

    /** Starts a lease for a running build; close it when the build ends. */
    public Lease lease() {
        return leases.create();
    }

    /** {@link #prune(boolean)} keeping the newest untagged image. */
    public PruneResult prune() {
        return prune(false);
    }

    /**
     * Forgets the untagged images ({@link Tags#keepUntagged}) but the newest, or all of them when
     * {@code allUntagged}; then removes every blob that no tag (through its indexes and
     * manifests), cache record or live lease references, and that is older than this prune;
     * also removes temp files left by dead processes and stale leases.
     *
     * <p>The newest untagged image is kept by default so that {@code stevedore run $(stevedore
     * build -q .)} cannot lose its image to a prune that runs in between.
     */
    public PruneResult prune(boolean allUntagged) {
        return prune(allUntagged, CacheLimit.none());
    }

    /**
     * {@link #prune(boolean)}, first removing the cache records {@code limit} lets go (least
     * recently used first), so that their blobs go too when nothing else needs them.
     */
    public PruneResult prune(boolean allUntagged, CacheLimit limit) {
        return new Pruner(layout, lock, blobs, tags, cache, leases, sizes, forms, cacheMountDirs()).prune(allUntagged, limit);
    }

    /**
     * Removes the temp files that dead processes left in {@code tmp/} (a blob half-written when
     * its build was killed): never visible as blobs, but {@link #fsck} reports them. Call it once
     * when a process that writes starts; files of live writers are left alone.
     */
    public void cleanupStale() {
        try {
            Fsck.removeLeftoverTemps(layout);
        } catch (IOException e) {
            throw new InternalException("cannot remove leftover temp files from " + layout.tmp() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Removes the staging files in {@code tmp/} that are named as ours and whose writer is dead
     * (a pull or a build killed half-way through a blob): done at every open, so the next
     * command of any kind cleans up, not only build and prune. Files of live writers, and files
     * not named as ours (which prune and {@code fsck --repair} remove), stay. Best effort: a file
     * that cannot be removed now is removed by a later command.
     */
    private void removeTempsOfDeadProcesses() {
        for (Path temp : Fsck.tempFiles(layout, TempFiles::isOfDeadProcess)) {
            try {
                Fsck.removeTemp(temp);
            } catch (IOException | UncheckedIOException e) {
                // Not ours to fail a command over: fsck names it, prune retries.
            }
        }
    }

    /**
     * Re-verifies every blob's digest, every tag's closure (blobs present, sizes right) and every
     * cache record's blobs, and looks for leftover temp files.
     *
     * @param repair also remove corrupt blobs, broken tags and cache records, and leftovers
     */
    public FsckReport fsck(boolean repair) {
        return new Fsck(layout, lock, blobs, tags, cache, forms, madePrivate).run(repair);
    }

    /** Bytes used by blobs, snapshots and cache records, the blobs only the cache holds, and the cache mounts. */
    public DiskUsage du() {
        Set<Digest> needed = new ContentGraph(blobs).walk(tags.roots(), "index.json", Set.of()).reachable();
        return new DiskUsage(bytesUnder(layout.blobs()), bytesUnder(layout.snapshots()), bytesUnder(layout.cache()),
                new CacheShare(cache.referencesByRecord(), needed, blobs).bytes(), cacheMountDirs().usage());
    }

    /** The directories of {@code RUN --mount=type=cache}, {@code <root>/cache-mounts}. */
    public CacheMountDirs cacheMountDirs() {
        return new CacheMountDirs(CacheMountDirs.of(layout.root()));
    }

    private static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(Store::sizeOf).sum();
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot measure " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? attrs.size() : 0;
        } catch (IOException e) {
            // Removed while we walked (a concurrent prune): it uses nothing now.
            return 0;
        }
    }
}
