package dev.stevedore.cli;

import dev.stevedore.cli.warm.Wire;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One forwarded command line in the warm server: run by {@link Cli} on a thread of its own with
 * the client's {@link Invocation} (its streams over the wire, its directory, environment and
 * terminals), while this thread reads what the client sends: standard input, and Ctrl-C, or
 * its end (the client killed), which stop the command as Ctrl-C stops a command of its own JVM
 * (the thread interrupted: a build kills its RUNs, unmounts, releases its lease).
 */
final class ServedCommand {

    /** The end of standard input, in the queue of what came. */
    private static final byte[] END = new byte[0];

    private final Wire wire;
    private final Wire.Request request;
    private final LinkedBlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private final Set<Thread> commands;
    private PrintStream out;
    private PrintStream err;

    /** {@code commands}: the server's running commands, which this one joins while it runs. */
    ServedCommand(Wire wire, Wire.Request request, Set<Thread> commands) {
        this.wire = wire;
        this.request = request;
        this.commands = commands;
    }

    void run() throws IOException {
        out = new PrintStream(new BufferedOutputStream(new FrameStream(Wire.Kind.STDOUT), 8192), false,
                StandardCharsets.UTF_8);
        err = new PrintStream(new BufferedOutputStream(new FrameStream(Wire.Kind.STDERR), 8192), true,
                StandardCharsets.UTF_8);
        Invocation invocation = new Invocation(new RemoteStdin(), out, err, Path.of(request.cwd()), request.env(),
                new Invocation.Ttys.Forwarded(request.stdinTty(), request.stderrTty()));
        int[] code = {Cli.FAILED};
        Thread command = Thread.ofPlatform().name("stevedore-command").unstarted(() -> {
            try {
                code[0] = Cli.run(request.args().toArray(String[]::new), invocation);
                out.flush();
                err.flush();
            } finally {
                commands.remove(Thread.currentThread());
            }
        });
        commands.add(command);
        command.start();
        Thread.ofPlatform().daemon().name("stevedore-served-input").start(() -> readClient(command));
        try {
            command.join();
        } catch (InterruptedException e) {
            command.interrupt();
            Thread.currentThread().interrupt();
        }
        wire.write(Wire.Kind.EXIT, Wire.number(code[0]));
    }

    /** Standard input as it comes; Ctrl-C, or the client gone, interrupts the command. */
    private void readClient(Thread command) {
        try {
            while (true) {
                Wire.Frame f = wire.read();
                switch (f.kind()) {
                    case STDIN -> stdin.add(f.payload());
                    case STDIN_END -> stdin.add(END);
                    case CANCEL -> command.interrupt();
                    case HELLO, REQUEST, ACCEPTED, OTHER_VERSION, STDOUT, STDERR, WANT_STDIN, EXIT ->
                            throw new IOException("unexpected frame " + f.kind());
                }
            }
        } catch (IOException e) {
            // the client is gone (killed, or its connection broken): nobody waits for this command
            stdin.add(END);
            command.interrupt();
        }
    }

    /** Output to the client, one frame per write; a client gone makes the writes fail, which PrintStream notes. */
    private final class FrameStream extends OutputStream {
        private final Wire.Kind kind;

        FrameStream(Wire.Kind kind) {
            this.kind = kind;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            wire.write(kind, b, off, len);
        }
    }

    /** The client's standard input, asked for as the command reads: nothing is read that the command does not want. */
    private final class RemoteStdin extends InputStream {
        private byte[] chunk = new byte[0];
        private int at;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (at == chunk.length) {
                if (ended) {
                    return -1;
                }
                // what the command wrote before it waits for input (a prompt) is seen first
                out.flush();
                err.flush();
                wire.write(Wire.Kind.WANT_STDIN, Wire.number(len));
                try {
                    chunk = stdin.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading standard input");
                }
                at = 0;
                ended = chunk == END;
            }
            int n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            return n;
        }
    }
}
