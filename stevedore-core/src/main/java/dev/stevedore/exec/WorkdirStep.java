package dev.stevedore.exec;

import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.plan.ImagePaths;
import dev.stevedore.runtime.ResolvedUser;
import dev.stevedore.runtime.Users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code WORKDIR}: sets the working directory and creates it (owned by the stage's USER, as
 * BuildKit does); a layer only when the directory was missing.
 */
final class WorkdirStep implements Step {

    private final StageContext ctx;
    private final Instruction.Workdir in;
    private String dir;
    private String user;

    WorkdirStep(StageContext ctx, Instruction.Workdir in) {
        this.ctx = ctx;
        this.in = in;
    }

    @Override
    public Caching caching() {
        return Caching.RECORDED;
    }

    @Override
    public String text() {
        return StageContext.text(in);
    }

    @Override
    public CacheKey key(StageState state, StepResources resources) {
        dir = resolve(state.config().config().workingDir(), ctx.scope.expand(in.path()));
        user = state.config().config().user();
        return CacheKey.on(state.cacheKey(), "workdir",
                new CacheKey.Parts().add("path", dir).add("user", user).all());
    }

    @Override
    public StepResult run(StageState state, StepResources resources) throws IOException {
        Instant started = ctx.session.epoch.stepTime();
        Layers layers = resources.layers();
        try (Snapshots.Workspace active = layers.prepare(state.layers())) {
            Path target = ImageRoot.resolve(active.root(), dir);
            if (!Files.isDirectory(target)) {
                ResolvedUser owner = user.isEmpty() ? null : Users.fileOwner(active.root(), user);
                TreeCopier.mkdirs(active.root(), target, owner == null ? 0 : owner.uid(), owner == null ? 0
                        : owner.gid());
            }
            return new StepResult(layers.commit(active, "WORKDIR " + dir), started);
        }
    }

    @Override
    public StageState next(StageState state, StepResult result, CacheKey key) {
        return new StageState(state.config().withWorkingDir(dir), state.layers(), state.cacheKey())
                .withResult(result, "WORKDIR " + dir, key.digest());
    }

    static String resolve(String current, String path) {
        return ImagePaths.resolve(current, path);
    }
}
