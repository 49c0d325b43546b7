package dev.stevedore.exec;

import dev.stevedore.dockerfile.Mount;
import java.util.List;

/**
 * Turns the {@code --mount} flags of one RUN into the runtime's mounts. Called once per RUN that
 * has mounts, right before the process starts; {@link PreparedMounts#close()} is called after it
 * exits (or failed to start), whatever happened.
 *
 * <p>The {@code RUN --mount} implementation (cache, secret, bind, tmpfs, ssh) plugs in through
 * {@link ExecOptions#mountResolver()}.
 */
@FunctionalInterface
public interface RunMountResolver {

    /**
     * @param mounts  the RUN's mounts as parsed (not expanded)
     * @param context where the mounts may read from: the build context, other stages, the RUN's step
     */
    PreparedMounts prepare(List<Mount> mounts, MountContext context);
}
