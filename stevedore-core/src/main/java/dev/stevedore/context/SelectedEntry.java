package dev.stevedore.context;

import java.nio.file.Path;

/**
 * One file, directory or symlink that a COPY or ADD reads from the context.
 *
 * @param source      where it is in the context, resolved ({@link ContextPath#path()})
 * @param hostPath    the host file to read; inside the context root; never followed if a symlink
 * @param type        what it is
 * @param destination where it goes, relative to the instruction's destination, {@code /}-separated
 * @param named       whether it is a source itself (named by the instruction or matched by its
 *                    wildcard), not something found inside a directory source: a part that is one
 *                    named file may land as the destination itself
 */
public record SelectedEntry(String source, Path hostPath, Type type, String destination, boolean named) {

    /** The kinds of entries a context provides; other files (fifos, devices) are never selected. */
    public enum Type { FILE, DIRECTORY, SYMLINK }
}
