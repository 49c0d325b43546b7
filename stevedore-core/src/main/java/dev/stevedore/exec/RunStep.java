package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.runtime.Entitlement;
import dev.stevedore.runtime.NetworkMode;
import dev.stevedore.runtime.ProcessSpec;
import dev.stevedore.runtime.RunMount;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.runtime.Security;
import dev.stevedore.snapshot.Active;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.UUID;

/**
 * {@code RUN}: the command in an overlay of the stage's layers, under the OCI runtime; the upper
 * dir becomes the step's layer. {@code created_by} is BuildKit's: {@code RUN |1 V=2 /bin/sh -c
 * make # buildkit}, the build args the command saw counted in front.
 */
final class RunStep {

    private RunStep() {}

    static StageState apply(StageContext ctx, StageState state, Instruction.Run run) {
        ImageConfig image = state.config();
        RunHeredocs command = RunHeredocs.of(image, run);
        List<String> args = command.args();
        SequencedMap<String, String> env = ctx.scope.runEnvironment();
        List<String> buildArgs = argsNotInImage(env, ctx.scope.imageEnv());
        String createdBy = "RUN " + (buildArgs.isEmpty() ? "" : "|" + buildArgs.size() + " " + String.join(" ",
                buildArgs) + " ") + String.join(" ", args) + " # buildkit";
        String cwd = image.config().workingDir().isEmpty() ? "/" : image.config().workingDir();
        NetworkMode network = switch (run.network()) {
            case NONE -> NetworkMode.NONE;
            case HOST -> hostNetwork(ctx, run);
            case DEFAULT -> ctx.session.options.network();
        };
        Sandbox sandbox = switch (run.security()) {
            case SANDBOX -> ctx.session.options.sandbox();
            case INSECURE -> insecure(ctx, run);
        };
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        try (MountRoots roots = new MountRoots(ctx)) {
            var key = CacheKeys.of(state.cacheKey(), List.of("RUN", String.join("\0", args), String.join("\0",
                    envList), cwd, image.config().user(), network.name(), mountsKey(run, roots),
                    ctx.session.options.platform().toString(),
                    command.script().map(RunHeredocs.Script::content).orElse(""), sandbox.cacheKey()));
            StepHandle step = ctx.step(StageContext.text(run));
            if (!ctx.noCache) {
                Optional<BuildCache.Entry> hit = ctx.session.cache.get(key);
                if (hit.isPresent()) {
                    step.cached();
                    return Steps.withResult(state, hit.get(), createdBy, key);
                }
            }
            ProcessSpec spec = new ProcessSpec(args, envList, cwd, image.config().user(), null, network, List.of(),
                    null, sandbox);
            try {
                BuildCache.Entry entry = execute(ctx, state, run, spec, command.script(), step, roots);
                ctx.session.cache.put(key, entry);
                step.done();
                return Steps.withResult(state, entry, createdBy, key);
            } catch (StevedoreException e) {
                step.failed(e.getMessage());
                throw e;
            }
        }
    }

    /** The network of {@code RUN --network=host}, when the build allows it (or is on the host's network). */
    private static NetworkMode hostNetwork(StageContext ctx, Instruction.Run run) {
        if (ctx.session.options.network() != NetworkMode.HOST
                && !ctx.session.options.sandbox().allowed().contains(Entitlement.NETWORK_HOST)) {
            throw ctx.error(run, "RUN --network=host needs the network.host entitlement: "
                    + "build with --allow network.host");
        }
        return NetworkMode.HOST;
    }

    /** The sandbox of {@code RUN --security=insecure}, when the build allows it. */
    private static Sandbox insecure(StageContext ctx, Instruction.Run run) {
        Sandbox sandbox = ctx.session.options.sandbox();
        if (!sandbox.allowed().contains(Entitlement.SECURITY_INSECURE)) {
            throw ctx.error(run, "RUN --security=insecure needs the security.insecure entitlement: "
                    + "build with --allow security.insecure");
        }
        return sandbox.withSecurity(Security.INSECURE);
    }

    /**
     * The mounts' part of the cache key: each mount's spec (type, target, from, source, id, ...,
     * as written in the Dockerfile, so never a secret's value) and the identity of what a bind or
     * cache mount reads {@code from}; never a cache's contents or an agent socket.
     */
    private static String mountsKey(Instruction.Run run, MountRoots roots) {
        StringBuilder key = new StringBuilder();
        for (Mount m : run.mounts()) {
            key.append(m).append('\0').append(roots.key(m)).append('\n');
        }
        return key.toString();
    }

    private static BuildCache.Entry execute(StageContext ctx, StageState state, Instruction.Run run, ProcessSpec spec,
                                            Optional<RunHeredocs.Script> script, StepHandle step,
                                            MountRoots roots) {
        Instant started = ctx.session.epoch.stepTime();
        Layers layers = ctx.session.layers;
        Path pipes = null;
        try (Active active = layers.prepare(state.layers());
             PreparedMounts mounts = prepare(ctx, run, roots, spec.cwd())) {
            List<RunMount> all = new ArrayList<>(mounts.mounts());
            List<String> env = new ArrayList<>(spec.env());
            env.addAll(mounts.env());
            if (script.isPresent()) {
                pipes = scriptDir(ctx, script.get());
                all.add(new RunMount.Bind(pipes, RunHeredocs.PIPES, true));
            }
            int exit = ctx.session.runtime().run(active.merged(), spec.withEnv(env).withMounts(all),
                    step.output());
            if (exit != 0) {
                throw ctx.error(run, "process \"" + String.join(" ", spec.args())
                        + "\" did not complete successfully: exit code: " + exit);
            }
            return new BuildCache.Entry(layers.commit(active, StageContext.text(run)), started);
        } catch (IOException e) {
            throw new InternalException("RUN failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("the build was interrupted", e);
        } finally {
            if (pipes != null) {
                try {
                    FileTrees.delete(pipes);
                } catch (IOException e) {
                    // a leftover temp dir is removed with the store's tmp/
                }
            }
        }
    }

    /** A private directory holding the here-document script, mode 0755, to mount at {@code /dev/pipes}. */
    private static Path scriptDir(StageContext ctx, RunHeredocs.Script script) throws IOException {
        Path dir = Files.createDirectories(ctx.session.store.tmpDirectory().resolve("pipes-" + UUID.randomUUID()));
        Path file = dir.resolve(script.name());
        Files.writeString(file, script.content(), StandardCharsets.UTF_8);
        FileCalls.chmod(file, 0755);
        FileCalls.chmod(dir, 0755);
        return dir;
    }

    /** The RUN's mounts, prepared; a user error (a missing required secret) names the RUN's line. */
    private static PreparedMounts prepare(StageContext ctx, Instruction.Run run, MountRoots roots, String cwd) {
        if (run.mounts().isEmpty()) {
            return PreparedMounts.NONE;
        }
        boolean bindsContext = run.mounts().stream().anyMatch(m -> m instanceof Mount.Bind b && b.from().isEmpty());
        MountContext context = new MountContext(ctx.session.store,
                bindsContext ? roots.context() : ctx.session.options.contextDir(), roots::root,
                ctx.session.options.platform(), ctx.planned.displayName(), cwd);
        try {
            return ctx.session.options.mountResolver().prepare(run.mounts(), context);
        } catch (InvalidInputException | NotFoundException e) {
            throw e.diagnostic().isPresent() ? e : ctx.error(run, StageContext.text(run) + ": " + e.getMessage());
        }
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
