package dev.stevedore.cli.warm;

import dev.stevedore.linux.Terminals;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one command line in the store's warm server, starting it when none runs: forwards the
 * arguments, environment, working directory, standard input (as the server asks for it), and
 * Ctrl-C; copies the server's standard output and error; returns its exit code. Empty when the
 * server cannot be had: the caller then runs the command itself.
 */
final class Client {

    /** How long a started server may take to answer. */
    private static final long START_MILLIS = 20_000;
    /** How long Ctrl-C waits for the server to stop the command and say so. */
    private static final long CANCEL_MILLIS = 30_000;

    private final ServerPlace place;
    private final List<String> args;

    private volatile boolean finished;
    private volatile boolean signalled;

    Client(ServerPlace place, List<String> args) {
        this.place = place;
        this.args = args;
    }

    /** The command's exit code from the server; empty when there is no server of this build to be had. */
    Optional<Integer> run() {
        String identity = Identity.current();
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<SocketChannel> channel = connect().or(() -> {
                ServerStarter.start(place);
                return awaitServer();
            });
            if (channel.isEmpty()) {
                return Optional.empty();
            }
            try (SocketChannel c = channel.get()) {
                Wire wire = new Wire(c);
                wire.write(Wire.Kind.HELLO, identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                Wire.Frame answer = wire.read();
                if (answer.kind() == Wire.Kind.OTHER_VERSION) {
                    // it goes (it has unbound its socket): start one of this build, once
                    continue;
                }
                return Optional.of(serve(wire));
            } catch (IOException e) {
                return Optional.empty(); // it went before it answered: run here
            }
        }
        return Optional.empty();
    }

    private int serve(Wire wire) throws IOException {
        boolean stderrTty = Terminals.isTerminal(2);
        Map<String, String> env = new HashMap<>(System.getenv());
        if (stderrTty) {
            // the server cannot ask this terminal its size: it is told, once
            Terminals.size(2).ifPresent(s -> {
                env.put("COLUMNS", Integer.toString(s.columns()));
                env.put("LINES", Integer.toString(s.rows()));
            });
        }
        wire.write(Wire.Kind.REQUEST, new Wire.Request(args, Path.of("").toAbsolutePath().toString(), env,
                Terminals.isTerminal(0), stderrTty).encode());
        Thread self = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cancel(wire, self), "stevedore-client-cancel"));
        StdinPump pump = new StdinPump(System.in, wire);
        Thread stdin = Thread.ofPlatform().daemon().name("stevedore-client-stdin").start(pump);
        try {
            while (true) {
                Wire.Frame f;
                try {
                    f = wire.read();
                } catch (EOFException e) {
                    System.err.println("stevedore: the server went away during the command (its log: "
                            + place.log() + ")");
                    return 1;
                }
                switch (f.kind()) {
                    case STDOUT -> write(System.out, f.payload());
                    case STDERR -> write(System.err, f.payload());
                    case WANT_STDIN -> pump.want(Wire.number(f.payload()));
                    case EXIT -> {
                        return Wire.number(f.payload());
                    }
                    case HELLO, REQUEST, STDIN, STDIN_END, CANCEL, ACCEPTED, OTHER_VERSION ->
                            throw new IOException("unexpected frame " + f.kind());
                }
            }
        } finally {
            finished = true;
            stdin.interrupt();
            System.out.flush();
            System.err.flush();
        }
    }

    private static void write(PrintStream to, byte[] bytes) {
        to.write(bytes, 0, bytes.length);
        to.flush();
    }

    /** Ctrl-C (or SIGTERM): the server stops the command, which cleans up; this JVM waits for its exit code. */
    private void cancel(Wire wire, Thread main) {
        if (finished) {
            return;
        }
        signalled = true;
        try {
            wire.write(Wire.Kind.CANCEL, new byte[0]);
            main.join(CANCEL_MILLIS);
        } catch (IOException | InterruptedException e) {
            // the server is gone: nothing runs to stop
        }
    }

    /** Whether a signal ended this JVM during the command: it exits with the signal's status, and System.exit would block. */
    boolean signalled() {
        return signalled;
    }

    private Optional<SocketChannel> connect() {
        if (!Files.exists(place.socket())) {
            return Optional.empty();
        }
        try {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                c.connect(UnixDomainSocketAddress.of(place.socket()));
                return Optional.of(c);
            } catch (IOException e) {
                c.close();
                return Optional.empty(); // stale: the server that bound it is gone
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<SocketChannel> awaitServer() {
        long deadline = System.nanoTime() + START_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<SocketChannel> c = connect();
            if (c.isPresent()) {
                return c;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        System.err.println("stevedore: the server did not start (its log: " + place.log() + "); running here");
        return Optional.empty();
    }

    /** The command that starts a JVM like this one (its java, options and class path) at {@link Launcher}. */
    static List<String> jvmCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> command = new ArrayList<>();
        command.add(info.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : info.arguments().map(List::of).orElse(List.of())) {
            if (a.equals("-jar") || a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")
                    || !a.startsWith("-")) {
                break;
            }
            command.add(a);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        return command;
    }
}
