package dev.stevedore.context;

import java.nio.file.Path;

/**
 * A path of the build context after resolution: where it really is inside the context (every
 * symlink in a parent component followed, chroot-like) and the host file to read for it.
 *
 * @param path     relative to the context root, {@code /}-separated, without symlinks in its
 *                 parent components; {@code "."} for the root itself
 * @param hostPath the file on the host; always inside the context's root directory
 */
public record ContextPath(String path, Path hostPath) {

    /** The last element of {@link #path()}; {@code "."} for the root. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
