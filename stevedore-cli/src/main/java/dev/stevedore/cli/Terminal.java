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
     * The terminal behind {@code err}: only the process's own standard error counts (the CLI
     * also runs in-process, on captured streams), and not when {@code TERM=dumb}.
     */
    static Optional<Terminal> behind(PrintStream err, Map<String, String> env) {
        boolean terminal = err == System.err && !"dumb".equals(env.get("TERM")) && Terminals.isTerminal(STDERR);
        return terminal ? Optional.of(new Terminal(env, true)) : Optional.empty();
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
