package dev.stevedore.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --progress}: how a build shows its progress, BuildKit's names. */
enum ProgressMode {
    /** tty on a terminal, else plain. */
    AUTO,
    /** A live view of the running steps. */
    TTY,
    /** BuildKit's plain format, one line per event. */
    PLAIN,
    /** Nothing but the image id (and errors). */
    QUIET,
    /** One JSON event per line. */
    RAWJSON;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
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
