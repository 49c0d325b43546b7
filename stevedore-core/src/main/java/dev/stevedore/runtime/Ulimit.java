package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * A resource limit of a RUN step's process, {@code --ulimit NAME=SOFT[:HARD]} as Docker takes it
 * ({@code nofile=1024:2048}, {@code nproc=512}; {@code -1} is unlimited); it becomes the runtime
 * spec's {@code RLIMIT_<NAME>}.
 */
public record Ulimit(String name, long soft, long hard) {

    /** The names Docker accepts ({@code go-units ulimit.go}). */
    public static final List<String> NAMES = List.of("core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    /** Linux's RLIM_INFINITY, which the runtime spec writes as the unsigned maximum. */
    public static final long UNLIMITED = -1;

    public Ulimit {
        if (!NAMES.contains(name)) {
            throw new InvalidInputException("invalid --ulimit: unknown limit \"" + name + "\" (known: "
                    + String.join(", ", NAMES) + ")");
        }
        if (soft < UNLIMITED || hard < UNLIMITED) {
            throw new InvalidInputException("invalid --ulimit " + name + ": limits are numbers, or -1 for unlimited");
        }
        if (hard != UNLIMITED && (soft == UNLIMITED || soft > hard)) {
            throw new InvalidInputException("invalid --ulimit " + name + ": soft limit " + soft
                    + " is above the hard limit " + hard);
        }
    }

    /** {@code NAME=SOFT[:HARD]}; without a hard limit it equals the soft one. */
    public static Ulimit parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new InvalidInputException("invalid --ulimit \"" + text + "\": want NAME=SOFT[:HARD], e.g. nofile=1024:2048");
        }
        String name = text.substring(0, eq);
        String[] values = text.substring(eq + 1).split(":", -1);
        if (values.length > 2) {
            throw new InvalidInputException("invalid --ulimit \"" + text + "\": want NAME=SOFT[:HARD]");
        }
        long soft = number(text, values[0]);
        return new Ulimit(name, soft, values.length == 2 ? number(text, values[1]) : soft);
    }

    private static long number(String text, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("invalid --ulimit \"" + text + "\": \"" + value + "\" is not a number");
        }
    }

    /** The runtime spec's name: {@code RLIMIT_NOFILE}. */
    public String rlimitType() {
        return "RLIMIT_" + name.toUpperCase(Locale.ROOT);
    }
}
