package dev.stevedore.exec;

import dev.stevedore.oci.Platform;
import dev.stevedore.store.Store;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link RunMountResolver} may use for one RUN.
 *
 * @param store        the build's store (cache mounts live under its root)
 * @param contextDir   the build context directory ({@code type=bind} without {@code from})
 * @param stageRootfs  a read-only root filesystem of a stage or image by its {@code from=} name,
 *                     mounted for the duration of the RUN; empty when the name is unknown
 * @param platform     the target platform (part of cache-mount ids as in BuildKit)
 * @param stageName    the stage the RUN belongs to, for messages
 * @param workdir      the RUN's working directory (absolute): relative mount targets are taken from it
 * @param shared       the cache mounts' contents read with {@code --cache-from} and written with {@code --cache-to}
 */
public record MountContext(Store store, Path contextDir, Function<String, Optional<Path>> stageRootfs,
                           Platform platform, String stageName, String workdir, SharedCacheMounts shared) {

    /** A context for a RUN whose working directory is {@code /}, in a build without shared caches. */
    public MountContext(Store store, Path contextDir, Function<String, Optional<Path>> stageRootfs,
                        Platform platform, String stageName) {
        this(store, contextDir, stageRootfs, platform, stageName, "/",
                SharedCacheMounts.none());
    }
}
