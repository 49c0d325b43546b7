package dev.stevedore.exec;

import dev.stevedore.event.BuildListener;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildArgs;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one build runs, as far as the engine is concerned.
 *
 * @param contextDir    the build context directory
 * @param dockerfile    the Dockerfile's path (for {@code <Dockerfile>.dockerignore})
 * @param target        the stage to build; empty means the last
 * @param noCache       ignore every cache record (new records are still written)
 * @param noCacheFilter stage names whose steps ignore the cache
 * @param jobs          how many stages may run at the same time (at least 1)
 * @param runtime       the OCI runtime binary; empty means look it up on the PATH when a RUN needs it
 */
public record ExecOptions(Path contextDir, Path dockerfile, BuildArgs buildArgs, Optional<String> target,
                          Platform platform, boolean noCache, Set<String> noCacheFilter, int jobs,
                          RunMountResolver mountResolver, Optional<Path> runtime, BuildListener listener) {

    public ExecOptions {
        Objects.requireNonNull(contextDir, "contextDir");
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(buildArgs, "buildArgs");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        noCacheFilter = Set.copyOf(noCacheFilter);
        jobs = Math.max(1, jobs);
        Objects.requireNonNull(mountResolver, "mountResolver");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(listener, "listener");
    }
}
