package dev.stevedore.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies one output stream of a process to an {@link OutputListener}, line by line, on a virtual
 * thread. Bytes are decoded as UTF-8 (malformed sequences replaced). A line longer than
 * {@link #MAX_LINE} bytes is delivered in pieces, so a process printing without line breaks
 * cannot exhaust memory.
 */
final class OutputPump {

    static final int MAX_LINE = 64 * 1024;

    private final Thread thread;

    private OutputPump(Thread thread) {
        this.thread = thread;
    }

    static OutputPump start(InputStream in, OutputListener.Stream stream, OutputListener listener) {
        return new OutputPump(Thread.ofVirtual().name("runtime-" + stream).start(() -> pump(in, stream, listener)));
    }

    private static void pump(InputStream in, OutputListener.Stream stream, OutputListener listener) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                // Copies runs of bytes, not byte by byte: a RUN may print megabytes a second.
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        deliver(line, stream, listener);
                        start = i + 1;
                    } else if (line.size() + (i + 1 - start) >= MAX_LINE) {
                        line.write(buffer, start, i + 1 - start);
                        deliver(line, stream, listener);
                        start = i + 1;
                    }
                }
                line.write(buffer, start, n - start);
            }
        } catch (IOException e) {
            // The process went away (killed): what it printed so far has been delivered.
        }
        if (line.size() > 0) {
            deliver(line, stream, listener);
        }
    }

    private static void deliver(ByteArrayOutputStream line, OutputListener.Stream stream, OutputListener listener) {
        listener.line(stream, line.toString(StandardCharsets.UTF_8));
        line.reset();
    }

    /** Waits until the stream has ended and every line is delivered. */
    void join() throws InterruptedException {
        thread.join();
    }
}
