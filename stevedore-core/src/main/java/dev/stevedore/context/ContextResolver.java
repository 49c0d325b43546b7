package dev.stevedore.context;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.fs.RootedPaths;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves paths inside a context root as a chroot would, as BuildKit and containerd do: a
 * path is cleaned against the root ({@code ..} stops there, so {@code ../x} is the root's
 * {@code x}); each symlink met on the way is followed inside the root, an absolute target
 * restarting at the root. So nothing resolved here is ever outside the root: the only files
 * touched while resolving are {@code lstat}s and {@code readlink}s of paths whose parents are
 * real directories of the root.
 */
final class ContextResolver {

    private final Path root;

    ContextResolver(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * Where {@code path} (as a COPY source or a tar entry names it) is inside the root.
     *
     * @param followLast whether a symlink as the last component is followed too
     * @throws InvalidInputException on a symlink loop or a path the host cannot represent
     */
    ContextPath resolve(String path, boolean followLast) {
        // lexically first, as BuildKit cleans a source before it looks at the disk: link/.. is "."
        List<String> resolved = RootedPaths.components(root, GoPath.clean("/" + path), path, followLast, "the build context");
        String rel = resolved.isEmpty() ? "." : String.join("/", resolved);
        return new ContextPath(rel, resolved.isEmpty() ? root : root.resolve(rel));
    }
}
