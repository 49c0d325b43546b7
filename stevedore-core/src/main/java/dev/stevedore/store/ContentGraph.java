package dev.stevedore.store;

import dev.stevedore.diag.StevedoreException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks from root descriptors through indexes and manifests to configs and layers: what a tag
 * keeps alive (prune) and what it needs to be whole (fsck). An index's entry that is not in the
 * store is no problem (an index pulled for one platform holds that one only); a manifest that is
 * needs all it names.
 */
final class ContentGraph {

    /**
     * The result of a walk.
     *
     * @param reachable every digest reached that is in the store
     * @param problems  missing blobs, size mismatches, unreadable manifests on the way
     */
    record Walk(Set<Digest> reachable, List<FsckProblem> problems) {}

    private final BlobStore blobs;

    ContentGraph(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * Walks from {@code roots}; {@code label} names the root for problem messages (e.g. "tag x").
     * Blobs in {@code skipContent} are counted reachable but not read (they are corrupt).
     */
    Walk walk(List<Descriptor> roots, String label, Set<Digest> skipContent) {
        // an index's entry may be absent: a pull keeps an index with the platforms it pulled only
        record Step(Descriptor descriptor, String referrer, boolean mayBeAbsent) {}
        Set<Digest> reachable = new HashSet<>();
        List<FsckProblem> problems = new ArrayList<>();
        Deque<Step> queue = new ArrayDeque<>();
        roots.forEach(r -> queue.add(new Step(r, label, false)));
        Set<Digest> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            Step step = queue.poll();
            Descriptor d = step.descriptor();
            if (seen.contains(d.digest())) {
                continue;
            }
            if (!blobs.exists(d.digest())) {
                if (step.mayBeAbsent()) {
                    continue; // not marked seen: a reference that needs the blob still reports it
                }
                seen.add(d.digest());
                problems.add(new FsckProblem.MissingBlob(d.digest(), step.referrer()));
                continue;
            }
            seen.add(d.digest());
            reachable.add(d.digest());
            long actual = blobs.size(d.digest());
            if (actual != d.size()) {
                problems.add(new FsckProblem.SizeMismatch(d.digest(), d.size(), actual, step.referrer()));
            }
            if (ManifestReferences.isParent(d.mediaType()) && !skipContent.contains(d.digest())) {
                try {
                    String where = "manifest " + d.digest();
                    boolean index = MediaType.isIndex(d.mediaType());
                    ManifestReferences.of(blobs.read(d.digest()))
                            .forEach(child -> queue.add(new Step(child, where, index)));
                } catch (StevedoreException e) {
                    problems.add(new FsckProblem.InvalidManifest(d.digest(), e.getMessage()));
                }
            }
        }
        return new Walk(reachable, problems);
    }
}
