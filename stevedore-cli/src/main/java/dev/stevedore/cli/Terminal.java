package dev.stevedore.cli;

import dev.stevedore.linux.Terminals;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * The terminal standard error is, when it is one: where the tty view draws. Its size is asked
 * again for every frame, so a resized window is followed.
 */
final class Terminal {

    static final int DEFAULT_COLUMNS = 80;
    static final int DEFAULT_ROWS = 24;

    private static final int STDERR = 2;

    private final Map<String, String> env;
    /** Whether standard error is the terminal; else its size comes from the environment. */
    private final boolean real;

    private Terminal(Map<String, String> env, boolean real) {
        this.env = env;
        this.real = real;
    }

    /**
     * The terminal behind the command's standard error, when it is one ({@link Invocation.Ttys}:
     * captured streams are not), and not when {@code TERM=dumb}. A warm server's client's
     * terminal is sized by the {@code COLUMNS} and {@code LINES} it sent.
     */
    static Optional<Terminal> behind(Invocation invocation) {
        Map<String, String> env = invocation.env();
        boolean terminal = !"dumb".equals(env.get("TERM")) && invocation.ttys().stderr();
        return terminal ? Optional.of(new Terminal(env, invocation.ttys().measurable())) : Optional.empty();
    }

    /** A terminal assumed where there is none ({@code --progress tty} into a file): sized by the environment. */
    static Terminal assumed(Map<String, String> env) {
        return new Terminal(env, false);
    }

    /** The width: the terminal's, else {@code $COLUMNS}, else 80. */
    int columns() {
        return size().map(Terminals.Size::columns).orElseGet(() -> number("COLUMNS", DEFAULT_COLUMNS));
    }

    /** The height: the terminal's, else {@code $LINES}, else 24. */
    int rows() {
        return size().map(Terminals.Size::rows).filter(r -> r > 0).orElseGet(() -> number("LINES", DEFAULT_ROWS));
    }

    private Optional<Terminals.Size> size() {
        return real ? Terminals.size(STDERR) : Optional.empty();
    }

    private int number(String name, int otherwise) {
        try {
            int n = Integer.parseInt(env.getOrDefault(name, ""));
            return n > 0 ? n : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
