package dev.stevedore.context;

import java.nio.file.Path;

/**
 * One file, directory or symlink that a COPY or ADD reads from the context.
 *
 * <p>One of these is kept per file a COPY reads until the step is done (its cache key needs them
 * all), so it holds no more than it must: a context of a million files costs a million of them.
 *
 * @param hostPath    the host file to read; inside the context root (its path there, resolved, is
 *                    the entry's source); never followed if a symlink
 * @param type        what it is
 * @param destination where it goes, relative to the instruction's destination, {@code /}-separated
 * @param named       whether it is a source itself (named by the instruction or matched by its
 *                    wildcard), not something found inside a directory source: a part that is one
 *                    named file may land as the destination itself
 */
public record SelectedEntry(Path hostPath, Type type, String destination, boolean named) {

    /** The kinds of entries a context provides; other files (fifos, devices) are never selected. */
    public enum Type { FILE, DIRECTORY, SYMLINK }
}
