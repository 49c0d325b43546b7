package dev.stevedore.cli;

import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.diag.InvalidInputException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --progress}: how a build shows its progress on standard error, BuildKit's names.
 * {@code auto} is {@code tty} when standard error is a terminal, else {@code plain} (as in CI).
 */
enum ProgressMode {
    AUTO, TTY, PLAIN, QUIET, RAWJSON;

    /**
     * The renderer of this mode, writing to {@code err}. {@code tty} without a terminal still draws
     * frames, sized by {@code $COLUMNS} and {@code $LINES} (80×24 without them). {@code quiet}
     * shows nothing: a failure is shown by {@link ErrorView}, as in every mode. The others render on
     * a {@link RendererThread}, so that the build never waits on the terminal line by line.
     */
    ProgressView open(Invocation invocation) {
        PrintStream err = invocation.err();
        Map<String, String> env = invocation.env();
        return switch (this) {
            case AUTO -> Terminal.behind(invocation).map(t -> tty(err, t)).orElseGet(() -> PLAIN.open(invocation));
            case TTY -> tty(err, Terminal.behind(invocation).orElseGet(() -> Terminal.assumed(env)));
            case PLAIN -> RendererThread.start(out -> ProgressView.of(new PlainProgress(out)), err);
            case QUIET -> ProgressView.of(event -> { });
            case RAWJSON -> RendererThread.start(out -> ProgressView.of(new RawJsonProgress(out)), err);
        };
    }

    private static ProgressView tty(PrintStream err, Terminal terminal) {
        return RendererThread.start(out -> TtyProgress.start(out, terminal), err);
    }

    /** Whether the mode is for people (who then also see what was pushed), not for tools or silence. */
    boolean forPeople() {
        return this == AUTO || this == TTY || this == PLAIN;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode when {@code --progress} is not given: {@code BUILDKIT_PROGRESS}, as buildx reads
     * it, else {@code [build] progress} of the config files, else {@code auto}.
     *
     * @throws InvalidInputException naming the variable, or the file and line, when its value is not a mode
     */
    static ProgressMode byDefault(Map<String, String> env, StevedoreConfig config) {
        String value = env.getOrDefault("BUILDKIT_PROGRESS", "");
        if (!value.isEmpty()) {
            return parse(value, "", "BUILDKIT_PROGRESS");
        }
        return config.progress().map(p -> parse(p.value(), p.source() + ": ", "build.progress")).orElse(AUTO);
    }

    /** {@code value} as a mode; else an error that says {@code where} and {@code name} it was written. */
    private static ProgressMode parse(String value, String where, String name) {
        try {
            return new Converter().convert(value);
        } catch (TypeConversionException e) {
            throw new InvalidInputException(where + e.getMessage().replace("--progress", name));
        }
    }

    /** Parses {@code --progress}; a wrong value is a usage error listing the right ones. */
    static final class Converter implements ITypeConverter<ProgressMode> {
        @Override
        public ProgressMode convert(String value) {
            for (ProgressMode m : values()) {
                if (m.toString().equals(value)) {
                    return m;
                }
            }
            throw new TypeConversionException("invalid --progress \"" + value + "\": want one of "
                    + Arrays.stream(values()).map(ProgressMode::toString).collect(Collectors.joining(", ")));
        }
    }
}
