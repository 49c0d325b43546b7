package dev.stevedore.store;

import java.util.List;

/**
 * What {@link Store#fsck} found.
 *
 * @param blobsChecked how many blobs were re-hashed
 * @param problems     every problem found, in the order found, leftover files included (see
 *                     {@link #leftovers}: they are removable, not problems of the store)
 * @param repaired     whether the problems were repaired (corrupt blobs, broken tags and
 *                     cache records, leftover files removed)
 */
public record FsckReport(int blobsChecked, List<FsckProblem> problems, boolean repaired) {

    public FsckReport {
        problems = List.copyOf(problems);
    }

    /**
     * Whether the store is consistent: its index, tags, blobs and cache records are. Leftover
     * files (staging of dead processes, stray names) do not count: nothing reads them, and the
     * next command, prune or {@code fsck --repair} removes them.
     */
    public boolean isClean() {
        return storeProblems().isEmpty();
    }

    /** The problems that make the store inconsistent: all but the leftover files. */
    public List<FsckProblem> storeProblems() {
        return problems.stream().filter(p -> !(p instanceof FsckProblem.LeftoverFile)).toList();
    }

    /** Files nothing reads that can be removed: staging files of dead processes, stray names. */
    public List<FsckProblem.LeftoverFile> leftovers() {
        return problems.stream().flatMap(p -> p instanceof FsckProblem.LeftoverFile f ? java.util.stream.Stream.of(f)
                : java.util.stream.Stream.empty()).toList();
    }
}
