package dev.stevedore.dockerfile;

import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.syntax.Heredoc;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Dockerfile instruction, typed: its flags checked and decoded, its arguments given their
 * meaning. Nothing is variable-expanded yet ({@code $VAR} and quotes are as written, except in
 * exec form, whose JSON strings are decoded); that happens with the word lexer, when the
 * values of build args and ENV are known.
 *
 * <p>Every instruction keeps the lines it came from and its original text, for diagnostics,
 * history entries and cache keys.
 */
public sealed interface Instruction {

    /** The physical lines the instruction covers, heredoc bodies included. */
    SourceRange range();

    /** The instruction as written, continuation lines joined, without heredoc bodies. */
    String original();

    /** The keyword, upper-cased as Docker documents it ({@code RUN}, {@code STOPSIGNAL}). */
    default String keyword() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * {@code FROM [--platform=p] image [AS name]}.
     *
     * @param name the stage name, lower-cased as BuildKit does; empty without {@code AS}
     */
    record From(SourceRange range, String original, String image, Optional<String> platform,
                Optional<String> name) implements Instruction {
        public From {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(name, "name");
        }
    }

    /** How a RUN reaches the network. */
    enum Network { DEFAULT, NONE, HOST }

    /** Whether a RUN is sandboxed ({@code --security=insecure} needs an entitlement). */
    enum Security { SANDBOX, INSECURE }

    /** {@code RUN [--mount=...]... [--network=...] [--security=...] command}, with its heredocs. */
    record Run(SourceRange range, String original, CommandLine command, List<Mount> mounts,
               Network network, Security security, List<Heredoc> heredocs) implements Instruction {
        public Run {
            Objects.requireNonNull(command, "command");
            mounts = List.copyOf(mounts);
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(security, "security");
            heredocs = List.copyOf(heredocs);
        }
    }

    /** {@code CMD command}: the default command of the image. */
    record Cmd(SourceRange range, String original, CommandLine command) implements Instruction {
        public Cmd {
            Objects.requireNonNull(command, "command");
        }
    }

    /** {@code ENTRYPOINT command}. */
    record Entrypoint(SourceRange range, String original, CommandLine command) implements Instruction {
        public Entrypoint {
            Objects.requireNonNull(command, "command");
        }
    }

    /** {@code LABEL k=v ...} (or the legacy {@code LABEL k v}). */
    record Label(SourceRange range, String original, List<KeyValue> labels) implements Instruction {
        public Label {
            labels = List.copyOf(labels);
        }
    }

    /** {@code MAINTAINER name} (deprecated in favour of a label). */
    record Maintainer(SourceRange range, String original, String name) implements Instruction {
        public Maintainer {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code EXPOSE port[/proto] ...}, in the order written. */
    record Expose(SourceRange range, String original, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    /** {@code ENV k=v ...} (or the legacy {@code ENV k v}). */
    record Env(SourceRange range, String original, List<KeyValue> vars) implements Instruction {
        public Env {
            vars = List.copyOf(vars);
        }
    }

    /**
     * {@code ADD [flags] src... dest}.
     *
     * @param unpack {@code --unpack}: empty means ADD's default (unpack local archives only)
     */
    record Add(SourceRange range, String original, List<CopySource> sources, String destination,
               Optional<String> chown, Optional<String> chmod, boolean link, boolean keepGitDir,
               Optional<String> checksum, Optional<Boolean> unpack, List<String> exclude) implements Instruction {
        public Add {
            sources = List.copyOf(sources);
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(chown, "chown");
            Objects.requireNonNull(chmod, "chmod");
            Objects.requireNonNull(checksum, "checksum");
            Objects.requireNonNull(unpack, "unpack");
            exclude = List.copyOf(exclude);
        }
    }

    /**
     * {@code COPY [flags] src... dest}.
     *
     * @param from {@code --from}: a stage name, a stage index or an image; empty means the context
     */
    record Copy(SourceRange range, String original, List<CopySource> sources, String destination,
                Optional<String> from, Optional<String> chown, Optional<String> chmod, boolean link,
                boolean parents, List<String> exclude) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(chown, "chown");
            Objects.requireNonNull(chmod, "chmod");
            exclude = List.copyOf(exclude);
        }
    }

    /** {@code VOLUME path...} or {@code VOLUME ["path", ...]}. */
    record Volume(SourceRange range, String original, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    /** {@code USER user[:group]}. */
    record User(SourceRange range, String original, String user) implements Instruction {
        public User {
            Objects.requireNonNull(user, "user");
        }
    }

    /** {@code WORKDIR path}. */
    record Workdir(SourceRange range, String original, String path) implements Instruction {
        public Workdir {
            Objects.requireNonNull(path, "path");
        }
    }

    /** {@code ARG name[=default] ...}. */
    record Arg(SourceRange range, String original, List<ArgDecl> args) implements Instruction {
        public Arg {
            args = List.copyOf(args);
        }
    }

    /** {@code ONBUILD instruction}: the trigger, typed, run when a later build uses this image. */
    record Onbuild(SourceRange range, String original, Instruction trigger) implements Instruction {
        public Onbuild {
            Objects.requireNonNull(trigger, "trigger");
        }
    }

    /** {@code STOPSIGNAL signal}. */
    record StopSignal(SourceRange range, String original, String signal) implements Instruction {
        public StopSignal {
            Objects.requireNonNull(signal, "signal");
        }
    }

    /**
     * {@code HEALTHCHECK NONE} (command empty, no options) or {@code HEALTHCHECK [flags] CMD command}.
     * An absent option means "inherit from the base image"; Docker also reads zero that way.
     */
    record Healthcheck(SourceRange range, String original, Optional<CommandLine> command,
                       Optional<Duration> interval, Optional<Duration> timeout,
                       Optional<Duration> startPeriod, Optional<Duration> startInterval,
                       Optional<Integer> retries) implements Instruction {
        public Healthcheck {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(startPeriod, "startPeriod");
            Objects.requireNonNull(startInterval, "startInterval");
            Objects.requireNonNull(retries, "retries");
        }

        /** True for {@code HEALTHCHECK NONE}: disables any check inherited from the base image. */
        public boolean none() {
            return command.isEmpty();
        }
    }

    /** {@code SHELL ["executable", "param", ...]}: always exec form. */
    record Shell(SourceRange range, String original, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }
}
