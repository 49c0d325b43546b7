package dev.stevedore.exec;

import dev.stevedore.dockerfile.CommandLine;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.oci.Healthcheck;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import java.time.Duration;
import java.time.Instant;
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
final class ConfigStep {

    private ConfigStep() {}

    static StageState apply(StageContext ctx, StageState state, Instruction in) {
        Change change = change(ctx, state.config(), in);
        Instant time = Times.last(state.config());
        return state.withConfig(change.config(), History.emptyLayer(time, change.createdBy()),
                CacheKeys.of(state.cacheKey(), List.of(change.createdBy())));
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
            default -> throw new IllegalStateException("not a config instruction: " + in.keyword());
        };
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

    private static <T> List<T> plus(List<T> list, List<T> more) {
        List<T> out = new ArrayList<>(list);
        out.addAll(more);
        return out;
    }

    static boolean handles(Instruction in) {
        return !(in instanceof Instruction.Run || in instanceof Instruction.Copy || in instanceof Instruction.Add
                || in instanceof Instruction.Workdir || in instanceof Instruction.From);
    }
}
