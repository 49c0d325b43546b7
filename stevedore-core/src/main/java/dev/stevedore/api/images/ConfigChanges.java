package dev.stevedore.api.images;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.CommandLine;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.KeyValue;
import dev.stevedore.dockerfile.shell.Env;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.oci.EnvLine;
import dev.stevedore.oci.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --change 'CMD ["sh"]'}: Dockerfile instructions that only touch the config, applied
 * as {@code docker import} and {@code docker commit} apply them. Each change is parsed by the
 * Dockerfile front end; ENV, LABEL, USER and WORKDIR values are expanded against the
 * environment the config has so far, as in a build.
 */
final class ConfigChanges {

    /** The instructions docker import accepts. */
    static final List<String> ALLOWED = List.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD",
            "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");

    private ConfigChanges() {}

    /** {@code config} with every change applied in order. */
    static ImageConfig apply(ImageConfig config, List<String> changes) {
        ImageConfig result = config;
        for (String change : changes) {
            Instruction instruction = parse(change);
            result = result.withConfig(c -> apply(c, instruction, change));
        }
        return result;
    }

    private static Instruction parse(String change) {
        if (change.isBlank() || change.contains("\n")) {
            throw new InvalidInputException("invalid --change \"" + change
                    + "\": expected one Dockerfile instruction on one line");
        }
        List<Instruction> parsed;
        try {
            byte[] text = ("FROM scratch\n" + change + "\n").getBytes(StandardCharsets.UTF_8);
            parsed = DockerfileParser.parse("--change", text).stages().getFirst().instructions();
        } catch (InvalidInputException e) {
            throw new InvalidInputException("invalid --change \"" + change + "\": " + e.getMessage(), e);
        }
        if (parsed.size() != 1) {
            throw new InvalidInputException("invalid --change \"" + change + "\": expected one Dockerfile instruction");
        }
        return parsed.getFirst();
    }

    private static ContainerConfig apply(ContainerConfig c, Instruction instruction, String change) {
        return switch (instruction) {
            case Instruction.Cmd cmd -> c.withCmd(args(cmd.command()));
            case Instruction.Entrypoint ep -> c.withEntrypoint(args(ep.command()));
            case Instruction.Env env -> {
                ContainerConfig next = c;
                for (KeyValue kv : env.vars()) {
                    next = next.withEnv(kv.key(), expand(kv.value(), next));
                }
                yield next;
            }
            case Instruction.Expose expose -> {
                ContainerConfig next = c;
                for (String port : expose.ports()) {
                    String expanded = expand(port, next);
                    next = next.withExposedPort(expanded.contains("/") ? expanded : expanded + "/tcp");
                }
                yield next;
            }
            case Instruction.Label label -> {
                ContainerConfig next = c;
                for (KeyValue kv : label.labels()) {
                    next = next.withLabel(expand(kv.key(), next), expand(kv.value(), next));
                }
                yield next;
            }
            case Instruction.Onbuild onbuild -> {
                List<String> triggers = new ArrayList<>(c.onBuild());
                triggers.add(onbuild.trigger().original());
                yield c.withOnBuild(triggers);
            }
            case Instruction.StopSignal s -> c.withStopSignal(expand(s.signal(), c));
            case Instruction.User u -> c.withUser(expand(u.user(), c));
            case Instruction.Volume v -> {
                ContainerConfig next = c;
                for (String path : v.paths()) {
                    next = next.withVolume(expand(path, next));
                }
                yield next;
            }
            case Instruction.Workdir w -> c.withWorkingDir(workdir(c.workingDir(), expand(w.path(), c)));
            default -> throw new InvalidInputException("invalid --change \"" + change + "\": "
                    + instruction.keyword() + " cannot be applied to an imported image (allowed: "
                    + String.join(", ", ALLOWED) + ")");
        };
    }

    /** Docker runs a shell-form command with {@code /bin/sh -c}. */
    private static List<String> args(CommandLine command) {
        return switch (command) {
            case CommandLine.ExecForm exec -> exec.args();
            case CommandLine.ShellForm shell -> List.of("/bin/sh", "-c", shell.text());
        };
    }

    private static String workdir(String current, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String base = current.isEmpty() ? "/" : current;
        return base.endsWith("/") ? base + path : base + "/" + path;
    }

    private static String expand(String word, ContainerConfig c) {
        return ShellLexer.standard().expandWord(word, Env.of(EnvLine.toMap(c.env())));
    }
}
