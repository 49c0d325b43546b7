package dev.stevedore.exec;

import dev.stevedore.context.BuildContext;
import dev.stevedore.event.BuildListener;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildArgs;
import dev.stevedore.plan.NamedContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one build runs, as far as the engine is concerned.
 *
 * @param context       the build context (its tree, Dockerfile and ignore patterns), opened
 * @param namedContexts {@code --build-context NAME=DIR|docker-image://REF}
 * @param target        the stage to build; empty means the last
 * @param noCache       ignore every cache record (new records are still written)
 * @param noCacheFilter stage names (any case, or {@code stage-N}) whose steps ignore the cache
 * @param jobs          how many stages may run at the same time (at least 1)
 * @param runtime       the OCI runtime binary; empty means look it up on the PATH when a RUN needs it
 * @param pulls         where base images missing from the store come from, and {@code --pull}
 */
public record ExecOptions(BuildContext context, List<NamedContext> namedContexts, BuildArgs buildArgs,
                          Optional<String> target, Platform platform, boolean noCache, Set<String> noCacheFilter,
                          int jobs, RunMountResolver mountResolver, Optional<Path> runtime, BuildListener listener,
                          Pulls pulls) {

    public ExecOptions {
        Objects.requireNonNull(context, "context");
        namedContexts = List.copyOf(namedContexts);
        Objects.requireNonNull(buildArgs, "buildArgs");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        // stage names compare case-insensitively, as everywhere else
        noCacheFilter = noCacheFilter.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        jobs = Math.max(1, jobs);
        Objects.requireNonNull(mountResolver, "mountResolver");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(pulls, "pulls");
    }

    /** Options whose base images come from the local store only. */
    public ExecOptions(BuildContext context, List<NamedContext> namedContexts, BuildArgs buildArgs,
                       Optional<String> target, Platform platform, boolean noCache, Set<String> noCacheFilter,
                       int jobs, RunMountResolver mountResolver, Optional<Path> runtime, BuildListener listener) {
        this(context, namedContexts, buildArgs, target, platform, noCache, noCacheFilter, jobs, mountResolver,
                runtime, listener, Pulls.localOnly());
    }

    /** The context's root directory on the host. */
    public Path contextDir() {
        return context.root();
    }
}
