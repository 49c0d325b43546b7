package dev.stevedore.snapshot;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.oci.Compression;
import dev.stevedore.layer.LayerApplier;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.layer.Whiteouts;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mounts stacks of snapshots, keeping the mount options within one page.
 *
 * <p>Short ids keep a lower dir at {@code ROOT/snapshots/N/fs}; with a root of usual length
 * a hundred lowers fit. When a stack still does not fit (a long root, a very deep image), its
 * bottom part is <em>flattened</em>: a read-only view of those lowers is copied (through a tar,
 * so owners, modes, xattrs, times, hard links and devices survive) into one new snapshot, keyed
 * by the chain ID of its layers and kept as a cache for the next mount of the same stack. The
 * bottom of a stack has nothing below it, so the copy needs no whiteouts. We flatten rather than
 * shorten paths with a working-directory trick because Java cannot {@code chdir}.
 */
final class Stacks {

    /** Room for any short id in the estimate of a flattened snapshot's path. */
    private static final String WIDEST_ID = "9".repeat(19);

    private final Catalog catalog;
    private final java.util.function.Supplier<SnapshotterChoice> choice;

    /** {@code choice} is asked once, at the first mount: opening a store for a prune probes nothing. */
    Stacks(Catalog catalog, java.util.function.Supplier<SnapshotterChoice> choice) {
        this.catalog = catalog;
        this.choice = memoized(choice);
    }

    private static <T> java.util.function.Supplier<T> memoized(java.util.function.Supplier<T> supplier) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    SnapshotterKind kind() {
        return choice.get().kind();
    }

    /** Creates the record of a mount of {@code lowersTopFirst}, then mounts it. */
    ActiveDir mount(List<Snapshot> lowersTopFirst, boolean writable) {
        SnapshotterKind kind = kind();
        // a copy has no mount options to keep within a page
        List<Snapshot> fitted = kind == SnapshotterKind.NATIVE ? topmostOccurrences(lowersTopFirst)
                : fit(topmostOccurrences(lowersTopFirst));
        ActiveDir active = catalog.locked(() -> {
            SnapshotIndex index = catalog.index();
            for (Snapshot s : fitted) {
                boolean present = index.get(s.key()).filter(e -> e.id().equals(s.id())).isPresent()
                        && Files.isDirectory(s.directory());
                if (!present) {
                    throw new NotFoundException("snapshot of " + s.key() + " (id " + s.id() + ") is not in "
                            + catalog.root() + " any more");
                }
            }
            Set<String> ids = new LinkedHashSet<>();
            lowersTopFirst.forEach(s -> ids.add(s.id()));
            fitted.forEach(s -> ids.add(s.id()));
            try {
                return ActiveDir.create(catalog.active(), List.copyOf(ids), writable);
            } catch (IOException e) {
                throw new InternalException("cannot create a mount point in " + catalog.active() + ": "
                        + e.getMessage(), e);
            }
        });
        try {
            switch (kind) {
                case OVERLAYFS -> Overlay.mount(options(active, fitted, writable), active.merged());
                case FUSE_OVERLAYFS -> FuseOverlay.mount(options(active, fitted, writable), active.merged());
                case NATIVE -> CopiedStack.copy(fitted.stream().map(Snapshot::directory).toList(),
                        writable ? List.of(active.merged(), active.work()) : List.of(active.merged()), catalog.tmp());
            }
        } catch (IOException e) {
            InternalException failure = new InternalException("cannot copy " + fitted.size() + " layers into "
                    + active.merged() + ": " + e.getMessage(), e);
            destroyQuietly(active, failure);
            throw failure;
        } catch (RuntimeException e) {
            destroyQuietly(active, e);
            throw e;
        }
        if (!writable) {
            catalog.touch(lowersTopFirst);
        } // a writable mount's lowers are marked used when it ends, in the index write of its commit
        return active;
    }

    /**
     * The stack with each snapshot only at its topmost place. An image may hold one layer twice
     * (the same COPY twice, a RUN that changed nothing), but overlay refuses a lower dir given
     * twice (ELOOP). Dropping the lower occurrence shows the same tree: whatever it adds, the
     * upper one adds above it, and whatever it hides (whiteouts, opaque dirs), the upper one hides
     * too, from every layer below that one.
     */
    static List<Snapshot> topmostOccurrences(List<Snapshot> lowersTopFirst) {
        Set<String> seen = new HashSet<>();
        return lowersTopFirst.stream().filter(s -> seen.add(s.id())).toList();
    }

    static void destroyQuietly(ActiveDir active, Exception cause) {
        try {
            active.destroy();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private OverlayOptions options(ActiveDir active, List<Snapshot> lowers, boolean writable) {
        List<Path> dirs = new ArrayList<>(lowers.stream().map(Snapshot::directory).toList());
        // Overlay wants a lower dir always, and two when there is no upper dir.
        while (dirs.size() < (writable ? 1 : 2)) {
            dirs.add(emptyDir(dirs.size()));
        }
        return writable ? new OverlayOptions(dirs, active.upper(), active.work()) : OverlayOptions.readOnly(dirs);
    }

    private Path emptyDir(int n) {
        Path dir = catalog.empty().resolve(Integer.toString(n));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InternalException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The stack itself when its options fit, else its top part over one flattened snapshot. */
    List<Snapshot> fit(List<Snapshot> topFirst) {
        if (length(topFirst.stream().map(Snapshot::directory).toList()) <= OverlayOptions.LIMIT) {
            return topFirst;
        }
        Path widest = catalog.fs(WIDEST_ID);
        for (int keep = topFirst.size() - 2; keep >= 1; keep--) {
            List<Path> dirs = new ArrayList<>(topFirst.subList(0, keep).stream().map(Snapshot::directory).toList());
            dirs.add(widest);
            if (length(dirs) <= OverlayOptions.LIMIT) {
                List<Snapshot> result = new ArrayList<>(topFirst.subList(0, keep));
                result.add(flatten(topFirst.subList(keep, topFirst.size())));
                return result;
            }
        }
        throw new InvalidInputException("cannot mount " + topFirst.size() + " layers: the snapshots directory "
                + catalog.root() + " is too long a path for overlay's mount options (" + OverlayOptions.LIMIT
                + " bytes); choose a shorter --root");
    }

    /**
     * The options' length with room for an upper and a work dir even for a read-only mount, so
     * that a view and a prepare of one stack flatten the same part and share the cached result.
     */
    private int length(List<Path> dirs) {
        Path probe = catalog.active().resolve("9999999-xxxx");
        return new OverlayOptions(dirs, probe.resolve("upper"), probe.resolve("work")).length();
    }

    /** One snapshot holding what the read-only mount of {@code groupTopFirst} shows. */
    private Snapshot flatten(List<Snapshot> groupTopFirst) {
        Digest key = chainId(groupTopFirst);
        var found = catalog.find(key, true);
        if (found.isPresent()) {
            return found.get();
        }
        try (var held = catalog.keyLock(key).exclusive()) {
            found = catalog.find(key, true);
            if (found.isPresent()) {
                return found.get();
            }
            return copyView(groupTopFirst, key);
        }
    }

    private Snapshot copyView(List<Snapshot> groupTopFirst, Digest key) {
        Path staged = null;
        Path tar = null;
        ActiveDir view = null;
        try {
            staged = TempNames.create(catalog.tmp(), "flat", true);
            tar = TempNames.create(catalog.tmp(), "flat", false);
            view = mount(groupTopFirst, false);
            try (OutputStream out = Files.newOutputStream(tar)) {
                LayerWriter.writeTree(view.merged(), out, LayerOptions.defaults().withCompression(Compression.NONE));
            }
            try (InputStream in = Files.newInputStream(tar)) {
                LayerApplier.apply(in, staged, Whiteouts.OVERLAY);
            }
            copyRootMetadata(view.merged(), staged);
            view.destroy();
            view = null;
            return catalog.install(staged, key, FileTrees.bytes(staged), true, List.of());
        } catch (IOException e) {
            throw new InternalException("cannot flatten " + groupTopFirst.size() + " layers into one snapshot: "
                    + e.getMessage(), e);
        } finally {
            cleanUp(view, staged, tar);
        }
    }

    private static void cleanUp(ActiveDir view, Path staged, Path tar) {
        try {
            if (view != null) {
                view.destroy();
            }
            if (staged != null) {
                dev.stevedore.fs.FileTrees.delete(staged);
            }
            if (tar != null) {
                Files.deleteIfExists(tar);
            }
        } catch (IOException e) {
            // cleanupStale removes what is left once this process is gone
        }
    }

    /** The tar holds the children only; the root's owner, mode and time come from the view. */
    private static void copyRootMetadata(Path from, Path to) throws IOException {
        Map<String, Object> a = Files.readAttributes(from, "unix:uid,gid,mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        FileCalls.lchown(to, (int) a.get("uid"), (int) a.get("gid"));
        FileCalls.chmod(to, (int) a.get("mode"));
        var time = ((FileTime) a.get("lastModifiedTime")).toInstant();
        FileCalls.lutimes(to, time, time);
    }

    /**
     * containerd's chain ID of a stack: the bottom layer's key, then
     * {@code sha256(chain + " " + key)} for each layer above it.
     */
    static Digest chainId(List<Snapshot> topFirst) {
        Digest chain = null;
        for (Snapshot s : topFirst.reversed()) {
            chain = chain == null ? s.key()
                    : Digest.sha256((chain + " " + s.key()).getBytes(StandardCharsets.UTF_8));
        }
        return chain;
    }
}
