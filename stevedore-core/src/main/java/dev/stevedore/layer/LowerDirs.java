package dev.stevedore.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lower directories an overlay merges at one path, top first, as overlayfs sees them: a
 * lower stops contributing below a non-directory (a file or a whiteout) and the lowers under an
 * opaque directory are hidden.
 *
 * @param top  the topmost lower entry at this path, whatever its type, if any lower has one
 * @param dirs the lower directories merged at this path, top first
 */
record LowerDirs(Optional<Path> top, List<Path> dirs) {

    static LowerDirs of(List<Path> lowers) {
        return new LowerDirs(Optional.empty(), List.copyOf(lowers));
    }

    /** The lowers at child {@code name} of this path. */
    LowerDirs child(String name) throws IOException {
        Optional<Path> top = Optional.empty();
        List<Path> dirs = new ArrayList<>();
        for (Path dir : this.dirs) {
            Path path = dir.resolve(name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (top.isEmpty()) {
                top = Optional.of(path);
            }
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            dirs.add(path);
            if (OverlayDiffer.isOpaque(path)) {
                break;
            }
        }
        return new LowerDirs(top, dirs);
    }
}
