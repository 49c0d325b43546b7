package dev.stevedore.exec;

import dev.stevedore.context.ContentHasher;
import dev.stevedore.context.FileStatCache;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.StepId;
import dev.stevedore.exec.sources.Downloads;
import dev.stevedore.plan.BuildPlan;
import dev.stevedore.plan.GlobalArgs;
import dev.stevedore.runtime.ContainerRuntime;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import dev.stevedore.cache.ImportedCache;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** What every stage of one build shares: the store and its helpers, the options, the plan, the finished stages. */
final class BuildSession {

    final ExecOptions options;
    final Store store;
    final Lease lease;
    final SourceDateEpoch epoch;
    final Layers layers;
    final BuildCache cache;
    final BaseImages images;
    /** Says why a step missed, with {@code --explain-cache}. */
    final MissExplainer explainer;
    final Dockerfile dockerfile;
    final BuildPlan plan;
    final GlobalArgs global;
    final ShellLexer lexer;
    /** File hashes of the context (and named context directories), remembered across builds under the store root. */
    final FileStatCache statCache;
    final ContentHasher hasher;
    final Downloads downloads = Downloads.withDefaults();
    /** Finished (or running) stages by index. */
    final Map<Integer, CompletableFuture<StageState>> stages = new ConcurrentHashMap<>();
    /** What each finished stage made, by index. */
    final Map<Integer, StageResult> results = new ConcurrentHashMap<>();
    /** The ARG values each finished stage ended with, by index: a stage built FROM it starts with them. */
    final Map<Integer, Map<String, String>> stageArgs = new ConcurrentHashMap<>();
    private final AtomicInteger steps = new AtomicInteger();
    private final Supplier<ContainerRuntime> runtimePort;
    private ContainerRuntime runtime;

    BuildSession(ExecOptions options, Store store, Lease lease, Layers layers, Supplier<ContainerRuntime> runtime,
                 Dockerfile dockerfile, BuildPlan plan, List<ImportedCache> imports) {
        this.options = options;
        this.store = store;
        this.lease = lease;
        this.layers = layers;
        this.runtimePort = runtime;
        this.epoch = layers.epoch();
        this.cache = new BuildCache(store, lease, imports, layers.lazy());
        this.explainer = new MissExplainer(cache::steps);
        this.images = new BaseImages(store, lease, options.platform(), options.pulls());
        this.dockerfile = dockerfile;
        this.plan = plan;
        this.global = plan.globalArgs();
        this.lexer = new ShellLexer(dockerfile.directives().escape());
        this.statCache = FileStatCache.open(store.root().resolve("cache").resolve("statcache"));
        this.hasher = new ContentHasher(statCache);
    }

    /** Starts a step outside any stage (exporting the image). */
    StepHandle step(String name) {
        return new StepHandle(options.listener(), new StepId(steps.incrementAndGet()), name, Optional.empty());
    }

    /**
     * Starts step {@code index} of {@code total} of a stage, shown as BuildKit's
     * {@code prefixCommand} shows it: {@code [stage index/total] text}, the index padded to the
     * width of the total, without the stage when {@code stage} is empty.
     */
    StepHandle step(String stage, int index, int total, String text) {
        String position = String.format("%" + String.valueOf(total).length() + "d/%d", index, total);
        return new StepHandle(options.listener(), new StepId(steps.incrementAndGet()),
                "[" + (stage.isEmpty() ? "" : stage + " ") + position + "] " + text,
                Optional.of(new BuildEvent.StagePosition(stage, index, total)));
    }

    /** The container runtime, asked of the port when the first RUN needs it. */
    synchronized ContainerRuntime runtime() {
        if (runtime == null) {
            runtime = options.jobs() > 0 ? new BoundedRuntime(runtimePort.get(), options.jobs()) : runtimePort.get();
        }
        return runtime;
    }
}
