package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.plan.BuildArgs;
import dev.stevedore.runtime.Entitlement;
import dev.stevedore.runtime.NetworkMode;
import dev.stevedore.runtime.ProcessSpec;
import dev.stevedore.runtime.RunMount;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.runtime.Security;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * {@code RUN}: the command in an overlay of the stage's layers, under the OCI runtime; the upper
 * dir becomes the step's layer. {@code created_by} is BuildKit's: {@code RUN |1 V=2 /bin/sh -c
 * make # buildkit}, the build args the command saw counted in front.
 */
final class RunStep implements Step {

    private final StageContext ctx;
    private final Instruction.Run run;
    private final MountRoots roots;
    private RunHeredocs command;
    private ProcessSpec spec;
    private String createdBy;

    RunStep(StageContext ctx, Instruction.Run run) {
        this.ctx = ctx;
        this.run = run;
        this.roots = new MountRoots(ctx);
    }

    @Override
    public Caching caching() {
        return Caching.RECORDED;
    }

    @Override
    public String text() {
        return StageContext.text(run);
    }

    @Override
    public CacheKey key(StageState state, StepResources resources) {
        ImageConfig image = state.config();
        command = RunHeredocs.of(image, run);
        List<String> args = command.args();
        SequencedMap<String, String> env = ctx.scope.runEnvironment();
        List<String> buildArgs = argsNotInImage(env, ctx.scope.imageEnv());
        createdBy = "RUN " + (buildArgs.isEmpty() ? "" : "|" + buildArgs.size() + " " + String.join(" ",
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
        spec = new ProcessSpec(args, envList, cwd, image.config().user(), null, network, List.of(), null, sandbox);
        // as in BuildKit, the proxy build args are of the machine, not of the result: not in the key
        List<String> keyedEnv = env.entrySet().stream()
                .filter(e -> !BuildArgs.PROXY_ARGS.contains(e.getKey())
                        || ctx.scope.imageEnv().containsKey(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        return CacheKey.on(state.cacheKey(), "run", new CacheKey.Parts()
                .add("args", args)
                .add("env", keyedEnv)
                .add("workdir", cwd)
                .add("user", image.config().user())
                .add("network", network.name())
                .add("mounts", run.mounts().stream().map(roots::key).toList())
                .add("platform", ctx.planned.platform().toString())
                .add("script", command.script().map(RunHeredocs.Script::content).orElse(""))
                .add("hosts", sandbox.extraHosts().stream().map(h -> h.host() + "=" + h.ip()).toList())
                .add("shm-size", String.valueOf(sandbox.shmSizeBytes()))
                .add("ulimits", sandbox.ulimits().stream().map(u -> u.name() + "=" + u.soft() + ":" + u.hard())
                        .toList())
                .add("security", sandbox.security().name())
                .all());
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

    @Override
    public StepResult run(StageState state, StepResources resources) throws IOException {
        Instant started = ctx.session.epoch.stepTime();
        Layers layers = resources.layers();
        Path pipes = null;
        StepPhase whole = StepPhase.start("step", text());
        StepPhase snapshot = StepPhase.start("snapshot", text());
        try (Snapshots.Workspace active = layers.prepare(state.layers());
             ReadyMounts mounts = ready(snapshot, spec.cwd())) {
            List<RunMount> all = new ArrayList<>(mounts.runMounts());
            List<String> env = new ArrayList<>(spec.env());
            env.addAll(mounts.env());
            if (command.script().isPresent()) {
                pipes = scriptDir(command.script().get());
                all.add(new RunMount.Bind(pipes, RunHeredocs.PIPES, true));
            }
            var runtime = resources.runtime().get();
            StepPhase runc = StepPhase.start("runc", text());
            int exit = runtime.run(active.root(), spec.withEnv(env).withMounts(all), resources.progress().output());
            runc.done();
            if (exit != 0) {
                throw ctx.error(run, "process \"" + String.join(" ", spec.args())
                        + "\" did not complete successfully: exit code: " + exit);
            }
            return new StepResult(layers.commit(active, text()), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("the build was interrupted", e);
        } finally {
            whole.done();
            if (pipes != null) {
                try {
                    FileTrees.delete(pipes);
                } catch (IOException e) {
                    // a leftover temp dir is removed with the store's tmp/
                }
            }
        }
    }

    @Override
    public StageState next(StageState state, StepResult result, CacheKey key) {
        return state.withResult(result, createdBy, key.digest());
    }

    @Override
    public void close() {
        roots.close();
    }

    /** A private directory holding the here-document script, mode 0755, to mount at {@code /dev/pipes}. */
    private Path scriptDir(RunHeredocs.Script script) throws IOException {
        Path dir = ctx.session.store.stagingDirectory("pipes");
        Path file = dir.resolve(script.name());
        Files.writeString(file, script.content(), StandardCharsets.UTF_8);
        FileCalls.chmod(file, 0755);
        FileCalls.chmod(dir, 0755);
        return dir;
    }

    /** Ends the {@code snapshot} phase, and prepares the RUN's mounts as the next. */
    private ReadyMounts ready(StepPhase snapshot, String cwd) {
        snapshot.done();
        StepPhase phase = StepPhase.start("mounts", text());
        try {
            return prepare(cwd);
        } finally {
            phase.done();
        }
    }

    /** The RUN's mounts, prepared; a user error (a missing required secret) names the RUN's line. */
    private ReadyMounts prepare(String cwd) {
        if (run.mounts().isEmpty()) {
            return ReadyMounts.NONE;
        }
        boolean bindsContext = run.mounts().stream().anyMatch(m -> m instanceof Mount.Bind b && b.from().isEmpty());
        MountContext context = new MountContext(ctx.session.store,
                bindsContext ? roots.context() : ctx.session.options.contextDir(), roots::root,
                ctx.planned.platform(), ctx.planned.displayName(), cwd, ctx.session.shared.cacheMounts);
        try {
            return ctx.session.options.mountResolver().prepare(run.mounts(), context);
        } catch (InvalidInputException | NotFoundException e) {
            throw e.diagnostic().isPresent() ? e : ctx.error(run, text() + ": " + e.getMessage());
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
