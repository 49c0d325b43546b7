package dev.stevedore.cli.warm;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The client's standard input, read only as the server asks for it (a command that never reads
 * it leaves it unread) and sent as {@code STDIN} frames, then {@code STDIN_END}. Every request is
 * kept until it is served, also one that comes before this pump waits for it: a request dropped
 * then (as a hand-off that needs a waiting taker drops it) left the server waiting for input forever.
 */
final class StdinPump implements Runnable {

    private final BlockingQueue<Integer> wanted = new LinkedBlockingQueue<>();
    private final InputStream in;
    private final Wire wire;

    StdinPump(InputStream in, Wire wire) {
        this.in = in;
        this.wire = wire;
    }

    /** The server wants up to {@code bytes} more bytes of standard input. */
    void want(int bytes) {
        wanted.add(bytes);
    }

    @Override
    public void run() {
        try {
            while (true) {
                int n = wanted.take();
                byte[] buffer = new byte[Math.max(1, Math.min(n, 64 * 1024))];
                int got = in.read(buffer);
                if (got < 0) {
                    wire.write(Wire.Kind.STDIN_END, new byte[0]);
                } else {
                    wire.write(Wire.Kind.STDIN, buffer, 0, got);
                }
            }
        } catch (InterruptedException | IOException e) {
            // the command is over, or the server gone
        }
    }
}
