package dev.stevedore.cli;

import dev.stevedore.linux.Terminals;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.store.StoreRoot;
import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What one command line runs with that a JVM of its own would take from the process: its
 * standard streams, working directory, environment, and which of its streams are terminals. In a
 * warm server ({@code stevedore server}) many command lines share one JVM, so no command reads
 * {@code System.in/out/err}, {@code System.getenv}, the JVM's working directory or its file
 * descriptors: they ask this.
 *
 * @param cwd the command's working directory, absolute
 * @param env the command's environment
 * @param ttys which of its streams are terminals
 */
record Invocation(InputStream in, PrintStream out, PrintStream err, Path cwd, Map<String, String> env, Ttys ttys) {

    /** The JVM's own working directory, against which a relative {@link Path} resolves by itself. */
    private static final Path PROCESS_CWD = Path.of("").toAbsolutePath();

    Invocation {
        env = Map.copyOf(env);
        cwd = cwd.toAbsolutePath().normalize();
    }

    /** A command line of this process ({@link Main}, tests): its environment and directory; terminals only behind its own descriptors. */
    static Invocation ofProcess(InputStream in, PrintStream out, PrintStream err) {
        return new Invocation(in, out, err, PROCESS_CWD, System.getenv(),
                new Ttys.Own(in == System.in, err == System.err));
    }

    /**
     * {@code text} as a path of the command's working directory. Left relative when that is the
     * JVM's own directory too, so that messages show it as the user wrote it; {@code -} (standard
     * input, where a command takes it) stays {@code -}.
     */
    Path path(String text) {
        return path(Path.of(text));
    }

    Path path(Path p) {
        return p.isAbsolute() || cwd.equals(PROCESS_CWD) || p.toString().equals("-") ? p : cwd.resolve(p);
    }

    /** {@code target} with its destination {@link #path resolved}. */
    OutputTarget target(OutputTarget target) {
        return switch (target) {
            case OutputTarget.Store s -> s;
            case OutputTarget.OciArchive a -> new OutputTarget.OciArchive(path(a.dest()), a.compression());
            case OutputTarget.DockerArchive a -> new OutputTarget.DockerArchive(path(a.dest()), a.compression());
            case OutputTarget.LocalDirectory d -> new OutputTarget.LocalDirectory(path(d.dest()));
            case OutputTarget.Tar t -> new OutputTarget.Tar(path(t.dest()));
        };
    }

    /** The store: {@code --root} in the working directory, else by the environment ({@link StoreRoot}). */
    Path storeRoot(Optional<String> flag) {
        return StoreRoot.resolve(flag.map(f -> path(f).toString()), env).path();
    }

    /** Which of a command's streams are terminals. */
    sealed interface Ttys {

        /** Whether standard input is a terminal (interactive: {@code run} does not read it). */
        boolean stdin();

        /** Whether standard error is a terminal (the tty progress view draws there). */
        boolean stderr();

        /** Whether the terminal's size can be asked of this process's descriptor 2, as it changes. */
        boolean measurable();

        /** This process's own descriptors, asked when needed (and only when the streams are the process's). */
        record Own(boolean stdinIsProcess, boolean stderrIsProcess) implements Ttys {
            @Override
            public boolean stdin() {
                Console console = System.console();
                return stdinIsProcess && console != null && console.isTerminal();
            }

            @Override
            public boolean stderr() {
                return stderrIsProcess && Terminals.isTerminal(2);
            }

            @Override
            public boolean measurable() {
                return true;
            }
        }

        /** Another process's, as its client reported them; the size comes in its {@code COLUMNS} and {@code LINES}. */
        record Forwarded(boolean stdin, boolean stderr) implements Ttys {
            @Override
            public boolean measurable() {
                return false;
            }
        }
    }
}
