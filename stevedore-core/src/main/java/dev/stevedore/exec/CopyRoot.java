package dev.stevedore.exec;

import dev.stevedore.context.ContentHasher;
import dev.stevedore.context.IgnorePatterns;
import dev.stevedore.context.SourceSelector;
import dev.stevedore.context.StatCache;
import dev.stevedore.fs.FileTrees;
import java.nio.file.Path;

/**
 * A tree a COPY or ADD reads from, open while the step runs: the build context, a named context
 * directory, a stage's or image's root file system (a read-only view), or a directory the step
 * filled itself (a download, a git checkout, a here-document). Sources are selected in it with
 * the context's rules ({@link SourceSelector}), so nothing outside it is ever read.
 *
 * @param keepOwner whether copies keep the source files' owners (a stage or image) rather than
 *                  being root's (the context, fetched sources)
 * @param description how errors name the tree: {@code the build context}, {@code stage builder}
 */
record CopyRoot(Path root, SourceSelector selector, ContentHasher hasher, boolean keepOwner, String description,
                AutoCloseable onClose) implements AutoCloseable {

    private static final ContentHasher UNCACHED = new ContentHasher(StatCache.none());

    /** A host directory that stays (the context, a named context): its file hashes are remembered. */
    static CopyRoot directory(Path root, IgnorePatterns ignore, ContentHasher hasher, String description) {
        return new CopyRoot(root, SourceSelector.of(root, ignore), hasher, false, description, () -> { });
    }

    /** A mounted root file system, released by {@code onClose}; its paths change per mount, so no hash is remembered. */
    static CopyRoot mounted(Path root, String description, AutoCloseable onClose) {
        return new CopyRoot(root, SourceSelector.of(root, IgnorePatterns.none()), UNCACHED, true, description, onClose);
    }

    /** A private temporary directory the step filled; deleted on close. */
    static CopyRoot temporary(Path dir, Path root, String description) {
        return new CopyRoot(root, SourceSelector.of(root, IgnorePatterns.none()), UNCACHED, false, description,
                () -> FileTrees.delete(dir));
    }

    /** The content digest of {@code entries} of this tree, their owners counted only when copies keep them. */
    String digest(java.util.List<dev.stevedore.context.SelectedEntry> entries) {
        return hasher.hash(entries, keepOwner ? ContentHasher.Owners.COUNTED : ContentHasher.Owners.IGNORED).toString();
    }

    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            // releasing a view or a temp dir must not hide the step's own outcome
        }
    }


}
