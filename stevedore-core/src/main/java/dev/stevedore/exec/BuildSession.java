package dev.stevedore.exec;

import dev.stevedore.context.IgnorePatterns;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.plan.GlobalArgs;
import dev.stevedore.runtime.ContainerRuntime;
import dev.stevedore.runtime.RuncRuntime;
import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What every stage of one build shares: the store and its helpers, the options, the finished stages. */
final class BuildSession {

    final ExecOptions options;
    final Store store;
    final Lease lease;
    final Layers layers;
    final BuildCache cache;
    final BaseImages images;
    final Dockerfile dockerfile;
    final GlobalArgs global;
    final ShellLexer lexer;
    final IgnorePatterns ignore;
    /** Finished (or running) stages by index. */
    final Map<Integer, CompletableFuture<StageState>> stages = new ConcurrentHashMap<>();
    private final AtomicInteger steps = new AtomicInteger();
    private volatile ContainerRuntime runtime;

    BuildSession(ExecOptions options, Store store, Lease lease, Layers layers, Dockerfile dockerfile,
                 GlobalArgs global, ShellLexer lexer) {
        this.options = options;
        this.store = store;
        this.lease = lease;
        this.layers = layers;
        this.cache = new BuildCache(store, lease);
        this.images = new BaseImages(store, lease, options.platform());
        this.dockerfile = dockerfile;
        this.global = global;
        this.lexer = lexer;
        // SEAM: context.BuildContext (tar/stdin contexts, stat cache) replaces this once it lands.
        this.ignore = IgnorePatterns.forBuild(options.contextDir(), options.dockerfile());
    }

    StepHandle step(String name) {
        return new StepHandle(options.listener(), new dev.stevedore.event.StepId(steps.incrementAndGet()), name);
    }

    /** The OCI runtime, looked up when the first RUN needs it. */
    synchronized ContainerRuntime runtime() {
        if (runtime == null) {
            runtime = new RuncRuntime(RuntimeLocator.locate(options.runtime().map(Object::toString)),
                    store.tmpDirectory().resolve("runtime"));
        }
        return runtime;
    }
}
