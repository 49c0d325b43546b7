package dev.stevedore.store;

import java.util.List;

/**
 * What {@link Store#fsck} found.
 *
 * @param blobsChecked how many blobs were re-hashed
 * @param problems     every problem found, in the order found
 * @param repaired     whether the problems were repaired (corrupt blobs, broken tags and
 *                     cache records, leftover files removed)
 */
public record FsckReport(int blobsChecked, List<FsckProblem> problems, boolean repaired) {

    public FsckReport {
        problems = List.copyOf(problems);
    }

    public boolean isClean() {
        return problems.isEmpty();
    }
}
