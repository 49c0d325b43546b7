package dev.stevedore.exec;

import dev.stevedore.dockerfile.CommandLine;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.oci.Healthcheck;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The instructions that change only the image config: ENV, LABEL, EXPOSE, VOLUME, USER, SHELL,
 * STOPSIGNAL, HEALTHCHECK, ONBUILD, MAINTAINER, CMD, ENTRYPOINT, ARG. Each leaves an
 * {@code empty_layer} history entry whose {@code created_by} is what BuildKit writes.
 */
final class ConfigStep implements Step {

    private final StageContext ctx;
    private final Instruction in;
    private Change change;

    ConfigStep(StageContext ctx, Instruction in) {
        this.ctx = ctx;
        this.in = in;
    }

    /** Not shown and not cached: a config change is a pure function of the state, cheaper to compute than to look up. */
    @Override
    public Caching caching() {
        return Caching.COMPUTED;
    }

    @Override
    public String text() {
        return StageContext.text(in);
    }

    /**
     * The change as BuildKit records it ({@code created_by}); computing it declares the ARG or
     * sets the ENV in the stage's scope, so the driver asks once.
     */
    @Override
    public CacheKey key(StageState state, StepResources resources) {
        change = change(ctx, state.config(), in);
        return CacheKey.on(state.cacheKey(), "config",
                new CacheKey.Parts().add("created-by", change.createdBy()).all());
    }

    /** No layer, and no time of its own: {@link Times#dated} dates it when the image is written. */
    @Override
    public StepResult run(StageState state, StepResources resources) {
        return new StepResult(Optional.empty(), ctx.session.epoch.stepTime());
    }

    /** Undated, as BuildKit records a config-only step, unless {@code SOURCE_DATE_EPOCH} dates every step. */
    @Override
    public StageState next(StageState state, StepResult result, CacheKey key) {
        return state.withConfig(change.config(), new History(ctx.session.epoch.value(), change.createdBy(), "", "",
                true).ofDockerfile(), key.digest());
    }

    private record Change(UnaryOperator<ImageConfig> config, String createdBy) {
        static Change of(UnaryOperator<ContainerConfig> c, String createdBy) {
            return new Change(i -> i.withConfig(c), createdBy);
        }
    }

    private static Change change(StageContext ctx, ImageConfig image, Instruction in) {
        return switch (in) {
            case Instruction.Env env -> {
                List<Map.Entry<String, String>> set = ctx.scope.setEnv(env);
                String text = set.stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
                yield Change.of(c -> {
                    ContainerConfig out = c;
                    for (Map.Entry<String, String> e : set) {
                        out = out.withEnv(e.getKey(), e.getValue());
                    }
                    return out;
                }, "ENV " + text);
            }
            case Instruction.Label label -> {
                List<String[]> pairs = label.labels().stream()
                        .map(kv -> new String[] {ctx.scope.expand(kv.key()), ctx.scope.expand(kv.value())}).toList();
                String text = pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining(" "));
                yield Change.of(c -> {
                    ContainerConfig out = c;
                    for (String[] p : pairs) {
                        out = out.withLabel(p[0], p[1]);
                    }
                    return out;
                }, "LABEL " + text);
            }
            case Instruction.Maintainer m -> new Change(i -> i.withAuthor(ctx.scope.expand(m.name())),
                    "MAINTAINER " + ctx.scope.expand(m.name()));
            case Instruction.Expose expose -> expose(ctx, expose);
            case Instruction.Volume volume -> {
                List<String> paths = volume.paths().stream().map(ctx.scope::expand).toList();
                yield Change.of(c -> {
                    ContainerConfig out = c;
                    for (String p : paths) {
                        out = out.withVolume(p);
                    }
                    return out;
                }, "VOLUME [" + String.join(" ", paths) + "]");
            }
            case Instruction.User user -> {
                String u = ctx.scope.expand(user.user());
                yield Change.of(c -> c.withUser(u), "USER " + u);
            }
            case Instruction.Shell shell -> Change.of(c -> c.withShell(shell.shell()),
                    "SHELL [" + String.join(" ", shell.shell()) + "]");
            case Instruction.StopSignal stop -> {
                String s = ctx.scope.expand(stop.signal());
                yield Change.of(c -> c.withStopSignal(s), "STOPSIGNAL " + s);
            }
            case Instruction.Healthcheck hc -> healthcheck(image, hc);
            case Instruction.Onbuild onbuild -> {
                String trigger = onbuild.original().strip().replaceFirst("(?i)^ONBUILD\\s+", "");
                yield Change.of(c -> c.withOnBuild(plus(c.onBuild(), List.of(trigger))), "ONBUILD " + trigger);
            }
            case Instruction.Cmd cmd -> {
                List<String> args = command(image, cmd.command());
                ctx.cmdSet = true;
                yield Change.of(c -> c.withCmd(args), "CMD " + goQuoted(args));
            }
            case Instruction.Entrypoint ep -> {
                List<String> args = command(image, ep.command());
                boolean keepCmd = ctx.cmdSet;
                yield Change.of(c -> keepCmd ? c.withEntrypoint(args) : c.withEntrypoint(args).withCmd(List.of()),
                        "ENTRYPOINT " + goQuoted(args));
            }
            case Instruction.Arg arg -> {
                ctx.scope.declare(arg);
                String text = arg.args().stream().map(a -> a.name() + a.defaultValue().map(d -> "=" + d).orElse(""))
                        .collect(Collectors.joining(" "));
                yield new Change(i -> i, "ARG " + text);
            }
            case Instruction.From x -> throw notConfig(x);
            case Instruction.Run x -> throw notConfig(x);
            case Instruction.Copy x -> throw notConfig(x);
            case Instruction.Add x -> throw notConfig(x);
            case Instruction.Workdir x -> throw notConfig(x);
        };
    }

    private static IllegalStateException notConfig(Instruction in) {
        return new IllegalStateException("not a config instruction: " + in.keyword());
    }

    private static Change expose(StageContext ctx, Instruction.Expose expose) {
        List<String> ports = new ArrayList<>();
        for (String p : expose.ports()) {
            for (String word : ctx.scope.expandWords(p)) {
                ports.add(word.contains("/") ? word.toLowerCase(java.util.Locale.ROOT) : word + "/tcp");
            }
        }
        String text = ports.stream().sorted().map(p -> p + ":{}").collect(Collectors.joining(" ", "map[", "]"));
        return Change.of(c -> {
            ContainerConfig out = c;
            for (String p : ports) {
                out = out.withExposedPort(p);
            }
            return out;
        }, "EXPOSE " + text);
    }

    private static Change healthcheck(ImageConfig image, Instruction.Healthcheck hc) {
        if (hc.none()) {
            return Change.of(c -> c.withHealthcheck(Optional.of(Healthcheck.none())), "HEALTHCHECK NONE");
        }
        List<String> test = switch (hc.command().get()) {
            case CommandLine.ShellForm(String text) -> List.of("CMD-SHELL", text);
            case CommandLine.ExecForm(List<String> args) -> plus(List.of("CMD"), args);
        };
        Healthcheck check = new Healthcheck(test, hc.interval().orElse(Duration.ZERO), hc.timeout().orElse(Duration.ZERO),
                hc.startPeriod().orElse(Duration.ZERO), hc.startInterval().orElse(Duration.ZERO), hc.retries().orElse(0));
        return Change.of(c -> c.withHealthcheck(Optional.of(check)), "HEALTHCHECK &{" + goQuoted(test) + " \""
                + goDuration(check.interval()) + "\" \"" + goDuration(check.timeout()) + "\" \""
                + goDuration(check.startPeriod()) + "\" \"" + goDuration(check.startInterval()) + "\" '\\x"
                + String.format("%02x", check.retries()) + "'}");
    }

    /** CMD/ENTRYPOINT in exec form as written; shell form through the stage's SHELL. */
    static List<String> command(ImageConfig image, CommandLine line) {
        return switch (line) {
            case CommandLine.ExecForm(List<String> args) -> args;
            case CommandLine.ShellForm(String text) -> plus(shell(image), List.of(text));
        };
    }

    static List<String> shell(ImageConfig image) {
        List<String> shell = image.config().shell();
        return shell.isEmpty() ? List.of("/bin/sh", "-c") : shell;
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b c"]}. */
    static String goQuoted(List<String> args) {
        return args.stream().map(ConfigStep::goQuote).collect(Collectors.joining(" ", "[", "]"));
    }

    private static String goQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    private static String goDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long s = d.toSeconds();
        if (d.toNanosPart() == 0 && s % 60 != 0 || s < 60) {
            return d.toNanosPart() == 0 ? s + "s" : d.toMillis() + "ms";
        }
        return (s / 60) + "m" + (s % 60) + "s";
    }

    static <T> List<T> plus(List<T> list, List<T> more) {
        List<T> out = new ArrayList<>(list);
        out.addAll(more);
        return out;
    }

    /** Whether {@code in} changes only the config (so is a {@link ConfigStep}, not shown in progress). */
    static boolean configOnly(Instruction in) {
        return switch (in) {
            case Instruction.From x -> false;
            case Instruction.Run x -> false;
            case Instruction.Copy x -> false;
            case Instruction.Add x -> false;
            case Instruction.Workdir x -> false;
            case Instruction.Cmd x -> true;
            case Instruction.Entrypoint x -> true;
            case Instruction.Label x -> true;
            case Instruction.Maintainer x -> true;
            case Instruction.Expose x -> true;
            case Instruction.Env x -> true;
            case Instruction.Volume x -> true;
            case Instruction.User x -> true;
            case Instruction.Arg x -> true;
            case Instruction.Onbuild x -> true;
            case Instruction.StopSignal x -> true;
            case Instruction.Healthcheck x -> true;
            case Instruction.Shell x -> true;
        };
    }
}
