package dev.stevedore.exec;

import dev.stevedore.context.ContentHasher;
import dev.stevedore.context.FileStatCache;
import dev.stevedore.runtime.ContainerRuntime;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the platforms of one build share (one {@link BuildSession} each): the store and its
 * lease, the layers, the base images (each pulled once per platform), the context's file hashes,
 * the step numbering of the progress, the runtime (its RUN processes bounded by {@code --jobs}), and the
 * {@link StepFlights} that let a platform-independent step run once for all of them.
 */
final class BuildShared {

    final Store store;
    final Lease lease;
    final Layers layers;
    final BaseImages images;
    /** File hashes of the context (and named context directories), remembered across builds under the store root. */
    final FileStatCache statCache;
    final ContentHasher hasher;
    final StepFlights flights = new StepFlights();
    final AtomicInteger steps = new AtomicInteger();
    /** The cache mounts' contents that travel with the shared caches. */
    final SharedCacheMounts cacheMounts;
    private final Supplier<ContainerRuntime> runtimePort;
    private final int jobs;
    private ContainerRuntime runtime;

    BuildShared(ExecOptions options, Store store, Lease lease, Layers layers, Supplier<ContainerRuntime> runtime,
                SharedCacheMounts cacheMounts) {
        this.cacheMounts = cacheMounts;
        this.store = store;
        this.lease = lease;
        this.layers = layers;
        this.images = new BaseImages(store, lease, options.pulls());
        this.statCache = FileStatCache.open(store.root().resolve("cache").resolve("statcache"));
        this.hasher = new ContentHasher(statCache);
        this.jobs = options.jobs();
        this.runtimePort = runtime;
    }

    /** The container runtime, asked of the port when the first RUN needs it. */
    synchronized ContainerRuntime runtime() {
        if (runtime == null) {
            runtime = jobs > 0 ? new BoundedRuntime(runtimePort.get(), jobs) : runtimePort.get();
        }
        return runtime;
    }

    /** Ends what the runtime keeps for the build's RUNs (their private networks), if a RUN asked for it. */
    synchronized void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
