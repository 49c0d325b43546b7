package dev.stevedore.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that fails when no byte arrives for {@code idle}: the HTTP client's request
 * timeout covers only the wait for the headers, so a registry that stalls mid-body would
 * otherwise hang a pull for ever. Each read arms a timer; when it fires, the body is closed
 * (which wakes the blocked read) and the read fails with an {@link HttpTimeoutException}
 * saying how long nothing came, which callers retry as any broken transfer. A body that does
 * come, but slower than its {@link MinimumRate} over a window, fails the same way.
 */
final class IdleBody extends FilterInputStream {

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stevedore-registry-idle-timer");
        t.setDaemon(true);
        return t;
    });

    private final Duration idle;
    private final MinimumRate minimumRate;
    private volatile boolean expired;
    private long windowStart = System.nanoTime();
    private long windowBytes;

    IdleBody(InputStream body, Duration idle, MinimumRate minimumRate) {
        super(body);
        this.idle = idle;
        this.minimumRate = minimumRate;
    }

    @Override
    public int read() throws IOException {
        ScheduledFuture<?> timer = arm();
        try {
            int b = super.read();
            return checked(b, b < 0 ? 0 : 1);
        } catch (IOException e) {
            throw expired ? stalled(e) : e;
        } finally {
            timer.cancel(false);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        ScheduledFuture<?> timer = arm();
        try {
            int n = super.read(buffer, offset, length);
            return checked(n, Math.max(n, 0));
        } catch (IOException e) {
            throw expired ? stalled(e) : e;
        } finally {
            timer.cancel(false);
        }
    }

    private ScheduledFuture<?> arm() {
        return TIMERS.schedule(this::expire, idle.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire() {
        expired = true;
        try {
            in.close();
        } catch (IOException e) {
            // The read it wakes reports the stall; a failure to close adds nothing.
        }
    }

    /**
     * A read woken by {@link #expire} sees the end of the body: that is the stall, not the end.
     * A read that got {@code bytes} counts them to the current window of the minimum rate.
     */
    private int checked(int result, int bytes) throws IOException {
        if (expired) {
            throw stalled(null);
        }
        windowBytes += bytes;
        long elapsed = System.nanoTime() - windowStart;
        if (elapsed >= minimumRate.window().toNanos()) {
            if (windowBytes < minimumRate.bytesPerWindow()) {
                throw new HttpTimeoutException("the registry sent " + windowBytes + " bytes in "
                        + elapsed / 1_000_000 / 1000.0 + "s, slower than the minimum of " + minimumRate.bytesPerSecond()
                        + " bytes/s (the transfer trickled)");
            }
            windowStart += elapsed;
            windowBytes = 0;
        }
        return result;
    }

    private HttpTimeoutException stalled(IOException cause) {
        HttpTimeoutException e = new HttpTimeoutException("no data from the registry for "
                + idle.toMillis() / 1000.0 + "s (the transfer stalled)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
