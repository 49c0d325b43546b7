package dev.stevedore.exec;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildPlan;
import dev.stevedore.plan.ExternalImage;
import dev.stevedore.plan.LintReport;
import dev.stevedore.plan.Linter;
import dev.stevedore.plan.PlanRequest;
import dev.stevedore.plan.PlannedStage;
import dev.stevedore.plan.Planner;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs a Dockerfile's stages as {@link Planner} plans them: each stage the target needs, on its
 * own virtual thread, as soon as the stages it reads are done, at most {@code jobs} at a time;
 * the external images are fetched at once, concurrently, each once. The build checks
 * ({@link Linter}) are reported first, as warnings, and stop the build when the Dockerfile's
 * {@code # check=error=true} makes them errors. The first failure stops the other stages;
 * nothing is tagged then, and the store holds only complete, unreferenced blobs more.
 */
public final class BuildExecutor {

    private BuildExecutor() {}

    /** Builds {@code dockerfile}'s target into {@code store} on {@code ports}; the caller tags or exports the result. */
    public static BuiltImage build(Store store, BuildPorts ports, Dockerfile dockerfile, ExecOptions options) {
        return build(store, ports, dockerfile, options, image -> { });
    }

    /**
     * Builds as above, and names the result with {@code name} (tags it, say) while the build's
     * lease still protects its blobs: a prune running meanwhile must not find them unreferenced
     * between the lease's end and the tag.
     */
    public static BuiltImage build(Store store, BuildPorts ports, Dockerfile dockerfile, ExecOptions options,
                                   Consumer<BuiltImage> name) {
        PlanRequest request = new PlanRequest(options.target(), options.buildArgs(), options.platform(),
                Platform.host(), options.namedContexts());
        check(dockerfile, request, options);
        BuildPlan plan = Planner.plan(dockerfile, request);
        SourceDateEpoch epoch = SourceDateEpoch.of(options.buildArgs());
        try (Lease lease = store.lease()) {
            BuildSession session = new BuildSession(options, store, lease,
                    new Layers(store, ports.snapshots(), lease, epoch), ports.runtime(), dockerfile, plan);
            try {
                StageState last = runStages(session, plan);
                List<StageResult> stages = plan.stages().stream().map(p -> session.results.get(p.index()))
                        .filter(java.util.Objects::nonNull).toList();
                BuiltImage image = export(session, withLabels(last, options.labels()), stages);
                name.accept(image);
                return image;
            } finally {
                session.statCache.save();
            }
        }
    }

    /** Writes the target's image (config and manifest) as a step of its own, as BuildKit shows it. */
    private static BuiltImage export(BuildSession session, StageState last, List<StageResult> stages) {
        StepHandle step = session.step("exporting to image");
        try {
            Map<Integer, SortedSet<Integer>> dependencies = new TreeMap<>();
            stages.forEach(r -> dependencies.put(r.index(), session.plan.dependenciesOf(r.index())));
            BuiltImage image = ImageWriter.write(session.store, session.lease, last, stages, session.images.resolved(),
                    dependencies);
            step.done();
            return image;
        } catch (RuntimeException e) {
            step.failed(e.getMessage());
            throw e;
        }
    }

    /** {@code --label}s on the target's config, as BuildKit sets them: over the Dockerfile's, without a history entry. */
    private static StageState withLabels(StageState state, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return state;
        }
        return new StageState(state.config().withConfig(c -> {
            Map<String, String> merged = new TreeMap<>(c.labels());
            merged.putAll(labels);
            return c.withLabels(merged);
        }), state.layers(), state.cacheKey());
    }

    /** Reports the build checks' findings; fails when {@code # check=error=true} and any rule fired. */
    private static void check(Dockerfile dockerfile, PlanRequest request, ExecOptions options) {
        LintReport report = Linter.check(dockerfile, request, Linter.UNKNOWN_IMAGE_ENV,
                path -> options.context().ignorePatterns().matches(path));
        for (Diagnostic d : report.diagnostics()) {
            options.listener().on(new BuildEvent.Warning(Instant.now(), d));
        }
        report.violation().ifPresent(d -> {
            throw new InvalidInputException(d);
        });
    }

    private static StageState runStages(BuildSession session, BuildPlan plan) {
        for (PlannedStage p : plan.stages()) {
            session.stages.put(p.index(), new CompletableFuture<>());
        }
        Semaphore jobs = new Semaphore(session.options.jobs());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ExternalImage image : plan.externalImages()) {
                // fetched ahead, all at once; a failure surfaces in the stage that needs the image
                threads.submit(() -> session.images.get(image.ref().toString()));
            }
            for (PlannedStage p : plan.stages()) {
                CompletableFuture<StageState> result = session.stages.get(p.index());
                threads.submit(() -> runStage(session, p, jobs, result));
            }
            try {
                return session.stages.get(plan.target().index()).get();
            } catch (ExecutionException e) {
                threads.shutdownNow();
                throw unwrap(e);
            } catch (InterruptedException e) {
                // Ctrl-C: every stage is interrupted (a RUN kills its container), and closing the
                // executor waits for them to clean up. The flag stays clear so that the store's
                // own cleanup is not interrupted too; the cause tells the caller.
                threads.shutdownNow();
                throw new InternalException("the build was interrupted", e);
            }
        }
    }

    private static void runStage(BuildSession session, PlannedStage p, Semaphore jobs,
                                 CompletableFuture<StageState> result) {
        try {
            for (int dep : p.dependencies()) {
                session.stages.get(dep).join();
            }
            jobs.acquire();
            try {
                result.complete(StageRunner.run(session, p));
            } finally {
                jobs.release();
            }
        } catch (Throwable e) {
            result.completeExceptionally(e);
            session.stages.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    private static RuntimeException unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new InternalException("the build failed: " + e, e);
    }
}
