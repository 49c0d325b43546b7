package dev.stevedore.exec.mounts;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the build engine knows that mounts need: the root directory behind the {@code from=} of a
 * bind or cache mount. The engine answers with a stage's result, an image, or (for an empty
 * {@code from}) the build context, mounted or extracted read-only, valid until the
 * {@link PreparedMounts} that asked is closed. Mounts never write into it.
 */
@FunctionalInterface
public interface MountSources {

    /**
     * @param from the mount's {@code from=} value as written (a stage name or index, or an image
     *             reference); empty for the build context
     * @throws dev.stevedore.diag.NotFoundException when {@code from} names nothing known
     */
    Path root(Optional<String> from);
}
