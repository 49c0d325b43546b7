package dev.stevedore.exec;

import java.nio.file.Path;

/** The image root's view of {@link dev.stevedore.fs.RootedPaths}, for the steps of this package. */
final class RootedPaths {

    private RootedPaths() {}

    /** The host path of {@code path} inside the image root {@code root}, symlinks followed there. */
    static Path resolve(Path root, String path) {
        return dev.stevedore.fs.RootedPaths.resolve(root, path, "the image's root filesystem");
    }
}
