package dev.stevedore.exec.sources;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A commit checked out by {@link Git#checkout}.
 *
 * @param dir    the tree to copy: the checkout's root, or its subdirectory when the ref named one
 * @param commit the full sha of the commit checked out
 */
public record GitCheckout(Path dir, String commit) {

    public GitCheckout {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(commit, "commit");
    }
}
