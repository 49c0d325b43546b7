package dev.stevedore.store;

import dev.stevedore.diag.InternalException;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks a store: re-hashes every blob, walks every tag to see that its image is whole and
 * its sizes right, checks cache records' blobs and compressed-form records, and finds files left in {@code tmp/} by dead
 * processes, and what other users could enter or read ({@link StorePrivacy}). With repair it
 * removes corrupt blobs, broken tags and cache records, and leftovers, and makes the store private.
 */
final class Fsck {

    private final StoreLayout layout;
    private final StoreLock lock;
    private final BlobStore blobs;
    private final Tags tags;
    private final CacheRecords cache;
    private final CompressedForms forms;
    private final List<StorePrivacy.Exposed> madePrivateAtOpen;

    /** @param madePrivateAtOpen what opening the store found open to others (and closed) */
    Fsck(StoreLayout layout, StoreLock lock, BlobStore blobs, Tags tags, CacheRecords cache, CompressedForms forms,
         List<StorePrivacy.Exposed> madePrivateAtOpen) {
        this.forms = forms;
        this.layout = layout;
        this.lock = lock;
        this.blobs = blobs;
        this.tags = tags;
        this.cache = cache;
        this.madePrivateAtOpen = List.copyOf(madePrivateAtOpen);
    }

    FsckReport run(boolean repair) {
        try (var held = lock.acquire()) {
            List<FsckProblem> problems = new ArrayList<>();
            Set<Digest> corrupt = new HashSet<>();
            List<Path> files = blobs.files();
            for (Path file : files) {
                checkBlob(file, problems, corrupt);
            }
            List<String> brokenTags = checkTags(problems, corrupt);
            List<Digest> brokenRecords = checkCache(problems, corrupt);
            List<CompressedForms.Form> staleForms = forms.stale(corrupt);
            staleForms.forEach(f -> problems.add(new FsckProblem.StaleCompressedForm(f.uncompressed(), f.compression())));
            List<Path> leftovers = leftoverTemps(layout);
            leftovers.forEach(p -> problems.add(new FsckProblem.LeftoverFile(p)));
            madePrivateAtOpen.forEach(e -> problems.add(new FsckProblem.OpenToOthers(e.path(), e.mode(), true)));
            // a leftover is removed, not made private: it is reported once, as a leftover
            Set<Path> removable = new HashSet<>();
            problems.forEach(p -> {
                if (p instanceof FsckProblem.LeftoverFile(Path path)) {
                    removable.add(path);
                }
            });
            List<StorePrivacy.Exposed> exposed = StorePrivacy.scan(layout).stream()
                    .filter(e -> !removable.contains(e.path())).toList();
            exposed.forEach(e -> problems.add(new FsckProblem.OpenToOthers(e.path(), e.mode(), false)));
            if (repair) {
                for (StorePrivacy.Exposed e : exposed) {
                    StorePrivacy.makePrivate(e.path());
                }
                for (Digest d : corrupt) {
                    blobs.delete(d);
                }
                brokenTags.forEach(tags::untag);
                brokenRecords.forEach(cache::removeRecord);
                for (CompressedForms.Form f : staleForms) {
                    forms.forget(f);
                }
                for (Path p : leftovers) {
                    removeTemp(p);
                }
            }
            return new FsckReport(files.size(), problems, repair);
        } catch (IOException e) {
            throw new InternalException("cannot check store " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    private void checkBlob(Path file, List<FsckProblem> problems, Set<Digest> corrupt) throws IOException {
        Optional<Digest> name = BlobStore.toDigest(file);
        if (name.isEmpty()) {
            problems.add(new FsckProblem.LeftoverFile(file));
            return;
        }
        MessageDigest md = name.get().newMessageDigest();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
                size += n;
            }
        }
        Digest actual = Digest.of(name.get().algorithm(), md);
        if (!actual.equals(name.get())) {
            problems.add(new FsckProblem.CorruptBlob(name.get(), actual, size));
            corrupt.add(name.get());
        }
    }

    /** Walks each tag; returns the names of broken ones. */
    private List<String> checkTags(List<FsckProblem> problems, Set<Digest> corrupt) {
        List<String> broken = new ArrayList<>();
        List<Tag> all;
        try {
            tags.roots(); // every entry, not only tagged ones: prune walks them all
            all = tags.list();
        } catch (dev.stevedore.diag.StevedoreException e) {
            problems.add(new FsckProblem.InvalidIndex(e.getMessage()));
            return broken;
        }
        for (Tag tag : all) {
            ContentGraph.Walk walk = new ContentGraph(blobs)
                    .walk(List.of(tag.descriptor()), "tag " + tag.name(), corrupt);
            problems.addAll(walk.problems());
            Optional<String> reason = walk.problems().stream().map(FsckProblem::message).findFirst()
                    .or(() -> walk.reachable().stream().filter(corrupt::contains).findFirst()
                            .map(d -> "blob " + d + " is corrupt"))
                    .or(() -> unreadableImage(tag));
            reason.ifPresent(r -> {
                problems.add(new FsckProblem.BrokenTag(tag.name(), r));
                broken.add(tag.name());
            });
        }
        return broken;
    }

    /**
     * Why the image a whole tag points to cannot be read (a config that is not JSON, an index
     * in an index), if it cannot: such a tag would break every listing, so it counts as broken.
     */
    private Optional<String> unreadableImage(Tag tag) {
        try {
            ImageCheck.requireTaggable(blobs, tag.descriptor());
            return Optional.empty();
        } catch (dev.stevedore.diag.StevedoreException e) {
            return Optional.of(e.getMessage());
        }
    }

    private List<Digest> checkCache(List<FsckProblem> problems, Set<Digest> corrupt) {
        List<Digest> broken = new ArrayList<>();
        for (Digest key : cache.listRecords()) {
            for (Digest ref : cache.references(key)) {
                if (!blobs.exists(ref) || corrupt.contains(ref)) {
                    problems.add(new FsckProblem.BrokenCacheRecord(key, ref));
                    broken.add(key);
                    break;
                }
            }
        }
        return broken;
    }

    /** Removes the files and staging directories in {@code tmp/} whose writer is gone; the bytes freed. */
    static long removeLeftoverTemps(StoreLayout layout) throws IOException {
        long freed = 0;
        for (Path temp : leftoverTemps(layout)) {
            freed += removeTemp(temp);
        }
        return freed;
    }

    /**
     * Removes a leftover of {@link #tempFiles}: a file, or a staging directory with what is under
     * it (never through a mount point); the bytes freed.
     */
    static long removeTemp(Path temp) throws IOException {
        if (Files.isDirectory(temp, LinkOption.NOFOLLOW_LINKS)) {
            long size = FileTrees.bytes(temp);
            FileTrees.delete(temp);
            return size;
        }
        long size = Files.size(temp);
        return Files.deleteIfExists(temp) ? size : 0;
    }

    /** Files in {@code tmp/} whose writer is gone, and staging directories of dead processes. */
    static List<Path> leftoverTemps(StoreLayout layout) {
        return tempFiles(layout, TempFiles::isLeftover);
    }

    /**
     * The regular files in {@code tmp/} that {@code which} accepts, and the staging directories
     * named as ours whose process is dead (a killed load's or build's), sorted. Other directories
     * ({@code runtime/}, {@code mounts/}) belong to the runtime's and the mounts' own cleanup.
     */
    static List<Path> tempFiles(StoreLayout layout, java.util.function.Predicate<Path> which) {
        if (!Files.isDirectory(layout.tmp())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(layout.tmp())) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? which.test(p)
                    : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && TempFiles.isOfDeadProcess(p))
                    .sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot list " + layout.tmp() + ": " + e.getMessage(), e);
        }
    }
}
