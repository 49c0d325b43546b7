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
import dev.stevedore.runtime.Binfmt;
import dev.stevedore.store.IndexWriter;
import dev.stevedore.store.Store;
import dev.stevedore.oci.Descriptor;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Future;
import java.time.Instant;
import dev.stevedore.cache.ImportedCache;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs a Dockerfile's stages as {@link Planner} plans them: each stage the target needs, on its
 * own virtual thread, as soon as the stages it reads are done (only RUN processes are bounded,
 * by {@code --jobs}: {@link BoundedRuntime});
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
        return build(store, ports, dockerfile, options, List.of(options.platform()), built -> name.accept(built.only()))
                .only();
    }

    /**
     * Builds the target for each of {@code platforms} (each plan with its own platform ARGs, all
     * at once; a step whose key is equal for several platforms,
     * as in a {@code FROM --platform=$BUILDPLATFORM} stage, runs once), writes an OCI index of the
     * images when there are several, and names the result as above; then writes the
     * {@code --cache-to} caches, with the steps of every platform. The first failure of any
     * platform stops them all.
     */
    public static BuiltImages build(Store store, BuildPorts ports, Dockerfile dockerfile, ExecOptions options,
                                    List<Platform> platforms, Consumer<BuiltImages> name) {
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("no platform to build for");
        }
        List<ExecOptions> perPlatform = platforms.stream().map(options::withPlatform).toList();
        check(dockerfile, request(perPlatform.getFirst()), options);
        List<BuildPlan> plans = perPlatform.stream().map(o -> Planner.plan(dockerfile, request(o))).toList();
        Emulation.requireRunnable(plans, Binfmt.system());
        SourceDateEpoch epoch = SourceDateEpoch.of(options.buildArgs());
        try (Lease lease = store.lease(); SharedCaches caches = new SharedCaches(options, store, lease)) {
            List<ImportedCache> imports = caches.imports();
            BuildShared shared = new BuildShared(options, store, lease,
                    new Layers(store, ports.snapshots(), lease, epoch, new LazyLayers(store, lease)), ports.runtime(),
                    new SharedCacheMounts(store, lease, options.listener(), imports));
            InternalSteps.load(options, shared);
            List<BuildSession> sessions = new ArrayList<>();
            for (int i = 0; i < platforms.size(); i++) {
                sessions.add(new BuildSession(perPlatform.get(i), shared, dockerfile, plans.get(i),
                        platforms.size() == 1 ? "" : platforms.get(i).toString(), imports));
            }
            try {
                List<BuiltImage> images = buildAll(sessions, caches);
                Optional<Descriptor> index = images.size() == 1 ? Optional.empty()
                        : Optional.of(IndexWriter.write(store, lease, images.stream()
                                .map(i -> i.manifest().withPlatform(i.imageConfig().platform())).toList()));
                BuiltImages built = new BuiltImages(images, index, Optional.empty());
                name.accept(built);
                return built.withCacheManifest(caches.export(sessions, shared.cacheMounts));
            } finally {
                shared.closeRuntime();
                shared.statCache.save();
            }
        }
    }

    private static PlanRequest request(ExecOptions options) {
        return new PlanRequest(options.target(), options.buildArgs(), options.platform(), Platform.host(),
                options.namedContexts());
    }

    /** Each session's image, one platform a thread; the first failure fails the others' stages too. */
    private static List<BuiltImage> buildAll(List<BuildSession> sessions, SharedCaches caches) {
        if (sessions.size() == 1) {
            return List.of(buildOne(sessions.getFirst(), caches));
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<BuiltImage>> running = sessions.stream()
                    .map(s -> threads.submit(() -> buildOne(s, caches))).toList();
            List<BuiltImage> images = new ArrayList<>();
            try {
                for (Future<BuiltImage> f : running) {
                    images.add(f.get());
                }
                return images;
            } catch (ExecutionException e) {
                RuntimeException failure = unwrap(e);
                for (BuildSession s : sessions) {
                    s.stages.values().forEach(stage -> stage.completeExceptionally(failure));
                }
                throw failure;
            } catch (InterruptedException e) {
                threads.shutdownNow();
                throw new InternalException("the build was interrupted", e);
            }
        }
    }

    private static BuiltImage buildOne(BuildSession session, SharedCaches caches) {
        StageState last = runStages(session, session.plan);
        List<StageResult> stages = session.plan.stages().stream().map(p -> session.results.get(p.index()))
                .filter(java.util.Objects::nonNull).toList();
        return export(session, withLabels(last, session.options.labels()), stages, caches.inline(session));
    }

    /** Writes the target's image (config and manifest) as a step of its own, as BuildKit shows it. */
    private static BuiltImage export(BuildSession session, StageState last, List<StageResult> stages,
                                     Map<String, String> annotations) {
        StepHandle step = session.step("exporting to image");
        try {
            Map<Integer, SortedSet<Integer>> dependencies = new TreeMap<>();
            stages.forEach(r -> dependencies.put(r.index(), session.plan.dependenciesOf(r.index())));
            session.layers.lazy().ensure(last.layers());  // the image's layers, from an imported cache if need be
            ExportLayers exported = new ExportLayers(session.store, session.lease, session.options.exportCompression());
            StageState sent = new StageState(last.config(), last.layers().stream().map(exported::layer).toList(),
                    last.cacheKey());
            BuiltImage image = ImageWriter.write(session.store, session.lease, sent, stages, annotations,
                    session.images.resolved(), dependencies);
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
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ExternalImage image : plan.externalImages()) {
                // fetched ahead, all at once; a failure surfaces in the stage that needs the image
                threads.submit(() -> session.images.get(image.ref().toString(), image.platform()));
            }
            for (PlannedStage p : plan.stages()) {
                CompletableFuture<StageState> result = session.stages.get(p.index());
                threads.submit(() -> runStage(session, p, result));
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

    private static void runStage(BuildSession session, PlannedStage p, CompletableFuture<StageState> result) {
        try {
            for (int dep : p.dependencies()) {
                session.stages.get(dep).join();
            }
            result.complete(StageRunner.run(session, p));
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
