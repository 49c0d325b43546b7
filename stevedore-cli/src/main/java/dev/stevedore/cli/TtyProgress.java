package dev.stevedore.cli;

import dev.stevedore.event.BuildEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The live tty view ({@code --progress tty}): a frame ({@link TtyFrame}) redrawn in place every
 * {@link #TICK} by moving the cursor up over the previous one. Each frame goes out in one write,
 * every line cleared to its end and what a longer previous frame left below cleared too, so
 * nothing flickers or stays behind. {@link #close()} draws the last frame (also from a shutdown
 * hook when the build is interrupted) and shows the cursor again; nothing is drawn after it.
 */
final class TtyProgress implements ProgressView {

    static final Duration TICK = Duration.ofMillis(120);

    static final String HIDE_CURSOR = "\u001B[?25l";
    static final String SHOW_CURSOR = "\u001B[?25h";
    private static final String CLEAR_LINE_END = "\u001B[K";
    private static final String CLEAR_SCREEN_END = "\u001B[J";

    private final PrintStream out;
    private final InstantSource clock;
    private final IntSupplier columns;
    private final IntSupplier rows;
    private final TtyState state;
    private final Thread hook = new Thread(this::close, "stevedore-tty-interrupted");
    private Thread ticker;
    /** Lines of the frame on screen, which the next frame overwrites; guarded by {@code this}. */
    private int drawn;
    private boolean closed;

    TtyProgress(PrintStream out, InstantSource clock, IntSupplier columns, IntSupplier rows) {
        this.out = out;
        this.clock = clock;
        this.columns = columns;
        this.rows = rows;
        this.state = new TtyState(clock.instant());
    }

    /** A view drawing on {@code terminal}, refreshed every {@link #TICK} until {@link #close()}. */
    static TtyProgress start(PrintStream out, Terminal terminal) {
        TtyProgress p = new TtyProgress(out, InstantSource.system(), terminal::columns, terminal::rows);
        p.ticker = Thread.ofPlatform().daemon().name("stevedore-tty").start(p::tick);
        Runtime.getRuntime().addShutdownHook(p.hook);
        return p;
    }

    @Override
    public void on(BuildEvent event) {
        state.on(event);
    }

    /** Draws the current frame over the previous one (the ticker calls it; tests call it directly). */
    synchronized void draw() {
        if (!closed) {
            write(TtyFrame.lines(state.snapshot(), clock.instant(), columns.getAsInt(), rows.getAsInt(), false), false);
        }
    }

    /** Draws the last frame and shows the cursor; later events and draws change nothing on screen. */
    @Override
    public void close() {
        Thread t = ticker;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(TICK.toMillis() * 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            write(TtyFrame.lines(state.snapshot(), clock.instant(), columns.getAsInt(), rows.getAsInt(), true), true);
            closed = true;
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or never registered (tests): nothing to remove
            }
        }
    }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                draw();
                Thread.sleep(TICK);
            }
        } catch (InterruptedException e) {
            // closed: the last frame is close()'s to draw
        }
    }

    private void write(List<String> lines, boolean last) {
        StringBuilder b = new StringBuilder();
        if (drawn == 0 && !last) {
            b.append(HIDE_CURSOR);
        }
        if (drawn > 0) {
            b.append("\u001B[").append(drawn).append('A');
        }
        for (String line : lines) {
            b.append('\r').append(line).append(CLEAR_LINE_END).append('\n');
        }
        b.append(CLEAR_SCREEN_END);
        if (last) {
            b.append(SHOW_CURSOR);
        }
        byte[] frame = b.toString().getBytes(StandardCharsets.UTF_8);
        out.write(frame, 0, frame.length);
        out.flush();
        drawn = lines.size();
    }
}
