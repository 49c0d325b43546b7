package dev.stevedore.exec;

import dev.stevedore.context.ContentHasher;
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

/**
 * What every stage of one build (of one platform, in a multi-platform build) shares: the
 * options, the plan, the finished stages; and, through {@link BuildShared}, what all platforms
 * share.
 */
final class BuildSession {

    final ExecOptions options;
    final BuildShared shared;
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
    final ContentHasher hasher;
    final Downloads downloads = Downloads.withDefaults();
    /** Finished (or running) stages by index. */
    final Map<Integer, CompletableFuture<StageState>> stages = new ConcurrentHashMap<>();
    /** What each finished stage made, by index. */
    final Map<Integer, StageResult> results = new ConcurrentHashMap<>();
    /** The ARG values each finished stage ended with, by index: a stage built FROM it starts with them. */
    final Map<Integer, Map<String, String>> stageArgs = new ConcurrentHashMap<>();
    /** The platform before each step's stage in the progress ({@code [linux/arm64 build 2/4]}); empty for one platform. */
    private final String platformLabel;

    BuildSession(ExecOptions options, BuildShared shared, Dockerfile dockerfile, BuildPlan plan,
                 String platformLabel, List<ImportedCache> imports) {
        this.options = options;
        this.shared = shared;
        this.store = shared.store;
        this.lease = shared.lease;
        this.layers = shared.layers;
        this.epoch = layers.epoch();
        this.cache = new BuildCache(store, lease, imports, layers.lazy());
        this.explainer = new MissExplainer(cache::steps);
        this.images = shared.images;
        this.dockerfile = dockerfile;
        this.plan = plan;
        this.global = plan.globalArgs();
        this.lexer = new ShellLexer(dockerfile.directives().escape());
        this.hasher = shared.hasher;
        this.platformLabel = platformLabel;
    }

    /** The image {@code reference} names for the build's target platform ({@code COPY --from=IMAGE}, {@code RUN --mount from=IMAGE}). */
    BaseImage image(String reference) {
        return images.get(reference, options.platform());
    }

    /** Starts a step outside any stage (exporting the image). */
    StepHandle step(String name) {
        return new StepHandle(options.listener(), new StepId(shared.steps.incrementAndGet()),
                platformLabel.isEmpty() ? name : "[" + platformLabel + "] " + name, Optional.empty());
    }

    /**
     * Starts step {@code index} of {@code total} of a stage, shown as BuildKit's
     * {@code prefixCommand} shows it: {@code [platform stage index/total] text}, the index padded
     * to the width of the total, without the platform for a single-platform build and without
     * the stage when {@code stage} is empty.
     */
    StepHandle step(String stage, int index, int total, String text) {
        String position = String.format("%" + String.valueOf(total).length() + "d/%d", index, total);
        String prefix = platformLabel.isEmpty() ? stage : stage.isEmpty() ? platformLabel : platformLabel + " " + stage;
        return new StepHandle(options.listener(), new StepId(shared.steps.incrementAndGet()),
                "[" + (prefix.isEmpty() ? "" : prefix + " ") + position + "] " + text,
                Optional.of(new BuildEvent.StagePosition(stage, index, total)));
    }

    /** The container runtime, asked of the port when the first RUN needs it. */
    ContainerRuntime runtime() {
        return shared.runtime();
    }
}
