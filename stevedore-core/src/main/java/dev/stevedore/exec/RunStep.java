package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.runtime.NetworkMode;
import dev.stevedore.runtime.ProcessSpec;
import dev.stevedore.snapshot.Active;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * {@code RUN}: the command in an overlay of the stage's layers, under the OCI runtime; the upper
 * dir becomes the step's layer. {@code created_by} is BuildKit's: {@code RUN |1 V=2 /bin/sh -c
 * make # buildkit}, the build args the command saw counted in front.
 */
final class RunStep {

    private RunStep() {}

    static StageState apply(StageContext ctx, StageState state, Instruction.Run run) {
        ImageConfig image = state.config();
        List<String> args = ConfigStep.command(image, run.command());
        SequencedMap<String, String> env = ctx.scope.runEnvironment();
        List<String> buildArgs = argsNotInImage(env, ctx.scope.imageEnv());
        String createdBy = "RUN " + (buildArgs.isEmpty() ? "" : "|" + buildArgs.size() + " " + String.join(" ",
                buildArgs) + " ") + String.join(" ", args) + " # buildkit";
        String cwd = image.config().workingDir().isEmpty() ? "/" : image.config().workingDir();
        NetworkMode network = run.network() == Instruction.Network.NONE ? NetworkMode.NONE : NetworkMode.HOST;
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        var key = CacheKeys.of(state.cacheKey(), List.of("RUN", String.join("\0", args), String.join("\0", envList),
                cwd, image.config().user(), network.name(), run.mounts().toString(), ctx.session.options.platform()
                        .toString()));
        StepHandle step = ctx.step(StageContext.text(run));
        if (!ctx.noCache) {
            Optional<BuildCache.Entry> hit = ctx.session.cache.get(key);
            if (hit.isPresent()) {
                step.cached();
                return Steps.withResult(state, hit.get(), createdBy, key);
            }
        }
        ProcessSpec spec = new ProcessSpec(args, envList, cwd, image.config().user(), null, network, List.of(), null);
        try {
            BuildCache.Entry entry = execute(ctx, state, run, spec, step);
            ctx.session.cache.put(key, entry);
            step.done();
            return Steps.withResult(state, entry, createdBy, key);
        } catch (StevedoreException e) {
            step.failed(e.getMessage());
            throw e;
        }
    }

    private static BuildCache.Entry execute(StageContext ctx, StageState state, Instruction.Run run, ProcessSpec spec,
                                            StepHandle step) {
        Instant started = Instant.now();
        Layers layers = ctx.session.layers;
        try (Active active = layers.snapshotter().prepare(layers.snapshots(state.layers()));
             PreparedMounts mounts = ctx.session.options.mountResolver().prepare(run.mounts(), mountContext(ctx))) {
            int exit = ctx.session.runtime().run(active.merged(), spec.withMounts(mounts.mounts()), step.output());
            if (exit != 0) {
                throw ctx.error(run, StageContext.text(run) + ": exit code " + exit + tail(step));
            }
            return new BuildCache.Entry(layers.commit(active), started);
        } catch (IOException e) {
            throw new InternalException("RUN failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("the build was interrupted", e);
        }
    }

    private static MountContext mountContext(StageContext ctx) {
        return new MountContext(ctx.session.store, ctx.session.options.contextDir(), name -> Optional.empty(),
                ctx.session.options.platform(), ctx.planned.displayName());
    }

    private static String tail(StepHandle step) {
        List<String> lines = step.tail();
        return lines.isEmpty() ? "" : "\n" + String.join("\n", lines);
    }

    private static List<String> argsNotInImage(Map<String, String> run, Map<String, String> image) {
        List<String> out = new ArrayList<>();
        run.forEach((k, v) -> {
            if (!image.containsKey(k)) {
                out.add(k + "=" + v);
            }
        });
        return out;
    }
}
