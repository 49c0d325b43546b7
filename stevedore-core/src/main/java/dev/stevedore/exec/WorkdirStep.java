package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.plan.ImagePaths;
import dev.stevedore.runtime.ResolvedUser;
import dev.stevedore.runtime.Users;
import dev.stevedore.snapshot.Active;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code WORKDIR}: sets the working directory and creates it (owned by the stage's USER, as
 * BuildKit does); a layer only when the directory was missing.
 */
final class WorkdirStep {

    private WorkdirStep() {}

    static StageState apply(StageContext ctx, StageState state, Instruction.Workdir in) {
        String dir = resolve(state.config().config().workingDir(), ctx.scope.expand(in.path()));
        String createdBy = "WORKDIR " + dir;
        String user = state.config().config().user();
        var key = CacheKeys.of(state.cacheKey(), List.of("WORKDIR", dir, user));
        StageState configured = new StageState(state.config().withWorkingDir(dir), state.layers(), state.cacheKey());
        StepHandle step = ctx.step(in);
        Optional<BuildCache.Entry> hit = ctx.noCache ? Optional.empty() : ctx.session.cache.get(key);
        if (hit.isPresent()) {
            step.cached();
            return Steps.withResult(configured, hit.get(), createdBy, key);
        }
        BuildCache.Entry entry = create(ctx, state, dir, user);
        ctx.session.cache.put(key, entry);
        step.done();
        return Steps.withResult(configured, entry, createdBy, key);
    }

    private static BuildCache.Entry create(StageContext ctx, StageState state, String dir, String user) {
        Instant started = ctx.session.epoch.stepTime();
        Layers layers = ctx.session.layers;
        try (Active active = layers.prepare(state.layers())) {
            Path target = RootedPaths.resolve(active.merged(), dir);
            if (!Files.isDirectory(target)) {
                ResolvedUser owner = user.isEmpty() ? null : Users.fileOwner(active.merged(), user);
                TreeCopier.mkdirs(active.merged(), target, owner == null ? 0 : owner.uid(), owner == null ? 0
                        : owner.gid());
            }
            return new BuildCache.Entry(layers.commit(active, "WORKDIR " + dir), started);
        } catch (IOException e) {
            throw new InternalException("cannot create WORKDIR " + dir + ": " + e.getMessage(), e);
        }
    }

    static String resolve(String current, String path) {
        return ImagePaths.resolve(current, path);
    }
}
