package dev.stevedore.exec;

import dev.stevedore.fs.RootedPaths;
import java.nio.file.Path;

/** Paths inside an image's root file system as the steps see it: {@link RootedPaths} named for it. */
final class ImageRoot {

    private ImageRoot() {}

    /** The host path of {@code path} inside the image root {@code root}, symlinks followed there. */
    static Path resolve(Path root, String path) {
        return RootedPaths.resolve(root, path, "the image's root filesystem");
    }
}
