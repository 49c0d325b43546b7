package dev.stevedore.store;

import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Forgets the untagged images but the newest (or all of them), then removes every blob that
 * nothing keeps: not reachable from {@code index.json}, not referenced
 * by a cache record, not protected by a live lease, not the compressed form of a kept layer
 * ({@link CompressedForms}), and not written after the prune started.
 *
 * <p>It holds the store lock throughout, so no tag, cache record or lease changes under it, and
 * the {@link IngestLock} exclusively, so no blob commit lands (or re-commits a blob that is
 * about to go) while it decides and deletes; writers keep streaming meanwhile, only their
 * final rename waits. As a second guard, blobs are also kept by time: a commit stamps the
 * blob with the current time, and the prune's start is read from the file system's own clock
 * (the mtime of a marker file), which never runs ahead of the writers' clock.
 */
final class Pruner {

    private final StoreLayout layout;
    private final StoreLock lock;
    private final BlobStore blobs;
    private final Tags tags;
    private final CacheRecords cache;
    private final Leases leases;
    private final LayerSizes sizes;
    private final CompressedForms forms;
    private final CacheMountDirs mounts;

    Pruner(StoreLayout layout, StoreLock lock, BlobStore blobs, Tags tags, CacheRecords cache, Leases leases,
           LayerSizes sizes, CompressedForms forms, CacheMountDirs mounts) {
        this.mounts = mounts;
        this.forms = forms;
        this.layout = layout;
        this.lock = lock;
        this.blobs = blobs;
        this.tags = tags;
        this.cache = cache;
        this.leases = leases;
        this.sizes = sizes;
    }

    PruneResult prune(boolean allUntagged, CacheLimit limit) {
        try (var held = lock.acquire(); var noCommits = IngestLock.of(layout.ingestLockFile()).exclusive()) {
            FileTime start = startTime();
            List<Descriptor> untagged = tags.dropUntagged(!allUntagged);
            Set<Digest> keep = new HashSet<>(new ContentGraph(blobs).walk(tags.roots(), "index.json", Set.of())
                    .reachable());
            Evicted evicted = evict(limit, keep, start.toInstant());
            keep.addAll(cache.allReferences());
            keep.addAll(leases.liveDigests());
            keep.addAll(forms.formsOf(keep)); // compressed once, kept as long as the layer is
            List<Path> doomed = new ArrayList<>();
            for (Path file : blobs.files()) {
                Optional<Digest> digest = BlobStore.toDigest(file);
                if (digest.isPresent() && !keep.contains(digest.get())
                        && Files.getLastModifiedTime(file).compareTo(start) < 0) {
                    doomed.add(file);
                }
            }
            // the records go before their blobs: a prune killed between leaves no record naming a missing blob
            Set<Digest> doomedDigests = new HashSet<>();
            doomed.forEach(f -> doomedDigests.add(BlobStore.toDigest(f).orElseThrow()));
            for (CompressedForms.Form form : forms.all()) {
                if (form.compressed().isEmpty() || doomedDigests.contains(form.uncompressed())
                        || doomedDigests.contains(form.compressed().get())) {
                    forms.forget(form);
                }
            }
            List<Blob> removed = new ArrayList<>();
            long freed = 0;
            for (Path file : doomed) {
                Digest digest = BlobStore.toDigest(file).orElseThrow();
                long size = Files.size(file);
                if (blobs.delete(digest)) {
                    sizes.forget(digest);
                    removed.add(new Blob(digest, size));
                    freed += size;
                }
            }
            freed += Fsck.removeLeftoverTemps(layout);
            freed += evicted.mountBytes();
            removed.sort(Comparator.comparing(Blob::digest));
            return new PruneResult(untagged, removed, freed, evicted.records(), evicted.mounts());
        } catch (IOException e) {
            throw new InternalException("cannot prune store " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #evict} removed: cache records, and cache mounts' contents (their ids, and bytes). */
    private record Evicted(List<Digest> records, List<String> mounts, long mountBytes) {}

    /** A cache record or a cache mount that {@link #evict} may remove. */
    private sealed interface Candidate {
        Instant lastUsed();

        String name();
    }

    private record RecordCandidate(Digest key, Instant lastUsed) implements Candidate {
        @Override
        public String name() {
            return key.toString();
        }
    }

    private record MountCandidate(CacheMountDirs.Entry entry) implements Candidate {
        @Override
        public Instant lastUsed() {
            return entry.lastUsed();
        }

        @Override
        public String name() {
            return entry.home().toString();
        }
    }

    /**
     * Removes the cache records and cache mounts' contents {@code limit} lets go: those last used
     * before {@code now - until}, least recently used first, and with {@code keepStorage} only while
     * the blobs only the cache holds and the cache mounts (BuildKit's {@code exec.cachemount}
     * records) are more than it. The records' blobs then go with the others nothing keeps; a cache
     * mount a RUN holds stays.
     */
    private Evicted evict(CacheLimit limit, Set<Digest> needed, Instant now) {
        if (limit.isNone()) {
            return new Evicted(List.of(), List.of(), 0);
        }
        Map<Digest, Set<Digest>> references = cache.referencesByRecord();
        CacheShare share = new CacheShare(references, needed, blobs);
        List<CacheMountDirs.Entry> entries = mounts.list();
        long mountBytes = entries.stream().mapToLong(CacheMountDirs.Entry::bytes).sum();
        Instant cutoff = limit.until().map(now::minus).orElse(Instant.MAX);
        List<Candidate> candidates = new ArrayList<>();
        for (Digest key : cache.listRecords()) {
            cache.lastUsed(key).filter(t -> t.isBefore(cutoff)).ifPresent(t -> candidates.add(new RecordCandidate(key, t)));
        }
        entries.stream().filter(e -> e.bytes() > 0 && e.lastUsed().isBefore(cutoff))
                .forEach(e -> candidates.add(new MountCandidate(e)));
        candidates.sort(Comparator.comparing(Candidate::lastUsed).thenComparing(Candidate::name));
        List<Digest> removed = new ArrayList<>();
        List<String> removedMounts = new ArrayList<>();
        long freedMounts = 0;
        for (Candidate c : candidates) {
            if (limit.keepStorage().isPresent() && share.bytes() + mountBytes <= limit.keepStorage().get()) {
                break;
            }
            switch (c) {
                case RecordCandidate r -> {
                    cache.removeRecord(r.key());
                    share.remove(references.getOrDefault(r.key(), Set.of()));
                    removed.add(r.key());
                }
                case MountCandidate m -> {
                    if (mounts.evict(m.entry())) {
                        mountBytes -= m.entry().bytes();
                        freedMounts += m.entry().bytes();
                        removedMounts.add(m.entry().id());
                    }
                }
            }
        }
        return new Evicted(removed, removedMounts, freedMounts);
    }

    private FileTime startTime() throws IOException {
        Path marker = TempFiles.create(layout.tmp(), "prune");
        try {
            return Files.getLastModifiedTime(marker);
        } finally {
            Files.deleteIfExists(marker);
        }
    }

}
