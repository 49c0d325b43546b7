package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.GlobalArgs;
import dev.stevedore.plan.PlatformArgs;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Runs a Dockerfile's stages: each stage the target needs, on its own virtual thread, as soon as
 * the stages it reads are done, at most {@code jobs} at a time. The first failure stops the
 * others; nothing is tagged then, and the store holds only complete, unreferenced blobs more.
 */
public final class BuildExecutor {

    private BuildExecutor() {}

    /** Builds {@code dockerfile}'s target into {@code store}; the caller tags or exports the result. */
    public static BuiltImage build(Store store, Dockerfile dockerfile, ExecOptions options) {
        ShellLexer lexer = new ShellLexer(dockerfile.directives().escape());
        GlobalArgs global = GlobalArgs.resolve(dockerfile.metaArgs(), options.buildArgs(),
                PlatformArgs.of(options.platform(), Platform.host()), lexer);
        StagePlan plan = StagePlan.of(dockerfile, options.target(), global, lexer);
        try (Lease lease = store.lease()) {
            Snapshotter snapshotter = Snapshotter.open(store);
            BuildSession session = new BuildSession(options, store, lease, new Layers(store, snapshotter, lease),
                    dockerfile, global, lexer);
            StageState last = runStages(session, plan);
            return ImageWriter.write(store, lease, last);
        }
    }

    private static StageState runStages(BuildSession session, StagePlan plan) {
        for (StagePlan.Planned p : plan.stages()) {
            session.stages.put(p.stage().index(), new CompletableFuture<>());
        }
        Semaphore jobs = new Semaphore(session.options.jobs());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (StagePlan.Planned p : plan.stages()) {
                CompletableFuture<StageState> result = session.stages.get(p.stage().index());
                threads.submit(() -> {
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
                });
            }
            try {
                return session.stages.get(plan.stages().getLast().stage().index()).join();
            } catch (CompletionException e) {
                threads.shutdownNow();
                throw unwrap(e);
            }
        }
    }

    private static RuntimeException unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new InternalException("the build failed: " + e, e);
    }
}
