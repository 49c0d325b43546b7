package dev.stevedore.exec;

import dev.stevedore.cache.CacheExchange;
import dev.stevedore.context.BuildContext;
import dev.stevedore.event.BuildListener;
import dev.stevedore.oci.LayerCompression;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildArgs;
import dev.stevedore.plan.NamedContext;
import dev.stevedore.runtime.NetworkMode;
import dev.stevedore.runtime.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * @param jobs          how many RUN processes may run at the same time; 0: no bound (stages are never
 *                      bounded: each starts when its inputs are ready)
 * @param pulls         where base images missing from the store come from, and {@code --pull}
 * @param labels        {@code --label}: set on the image's config (no history entry), over the Dockerfile's
 * @param network       {@code --network}: the network of a RUN whose own {@code --network} is {@code default}
 * @param sandbox       {@code --add-host}, {@code --shm-size}, {@code --ulimit}: every RUN's container
 * @param sharedCache   {@code --cache-from} and {@code --cache-to}
 * @param exportCompression how the image's layers travel when it is pushed or exported ({@code --push},
 *                      {@code -o type=oci}, an inline cache): its manifest names them so; {@link
 *                      LayerCompression#NONE} when the image stays in the store, whose layers are uncompressed
 */
public record ExecOptions(BuildContext context, List<NamedContext> namedContexts, BuildArgs buildArgs,
                          Optional<String> target, Platform platform, boolean noCache, Set<String> noCacheFilter,
                          int jobs, RunMountResolver mountResolver, BuildListener listener,
                          Pulls pulls, Map<String, String> labels, NetworkMode network, Sandbox sandbox,
                          CacheExchange sharedCache, LayerCompression exportCompression) {

    /** For an image that stays in the store: layers uncompressed. */
    public ExecOptions(BuildContext context, List<NamedContext> namedContexts, BuildArgs buildArgs,
                       Optional<String> target, Platform platform, boolean noCache, Set<String> noCacheFilter,
                       int jobs, RunMountResolver mountResolver, BuildListener listener,
                       Pulls pulls, Map<String, String> labels, NetworkMode network, Sandbox sandbox,
                       CacheExchange sharedCache) {
        this(context, namedContexts, buildArgs, target, platform, noCache, noCacheFilter, jobs, mountResolver,
                listener, pulls, labels, network, sandbox, sharedCache, LayerCompression.NONE);
    }

    public ExecOptions {
        Objects.requireNonNull(context, "context");
        namedContexts = List.copyOf(namedContexts);
        Objects.requireNonNull(buildArgs, "buildArgs");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        // stage names compare case-insensitively, as everywhere else
        noCacheFilter = noCacheFilter.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        jobs = Math.max(0, jobs);
        Objects.requireNonNull(mountResolver, "mountResolver");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(pulls, "pulls");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(sharedCache, "sharedCache");
        Objects.requireNonNull(exportCompression, "exportCompression");
    }

    /** These options for an image that leaves the store with its layers as {@code c}. */
    public ExecOptions withExportCompression(LayerCompression c) {
        return new ExecOptions(context, namedContexts, buildArgs, target, platform, noCache, noCacheFilter, jobs,
                mountResolver, listener, pulls, labels, network, sandbox, sharedCache, c);
    }

    /** These options for one platform of a multi-platform build. */
    public ExecOptions withPlatform(Platform p) {
        return new ExecOptions(context, namedContexts, buildArgs, target, p, noCache, noCacheFilter, jobs,
                mountResolver, listener, pulls, labels, network, sandbox, sharedCache, exportCompression);
    }

    /** The context's root directory on the host. */
    public Path contextDir() {
        return context.root();
    }
}
