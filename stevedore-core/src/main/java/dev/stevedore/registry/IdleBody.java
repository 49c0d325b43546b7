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
 * saying how long nothing came, which callers retry as any broken transfer.
 */
final class IdleBody extends FilterInputStream {

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stevedore-registry-idle-timer");
        t.setDaemon(true);
        return t;
    });

    private final Duration idle;
    private volatile boolean expired;

    IdleBody(InputStream body, Duration idle) {
        super(body);
        this.idle = idle;
    }

    @Override
    public int read() throws IOException {
        ScheduledFuture<?> timer = arm();
        try {
            int b = super.read();
            return checked(b);
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
            return checked(n);
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

    /** A read woken by {@link #expire} sees the end of the body: that is the stall, not the end. */
    private int checked(int result) throws IOException {
        if (expired) {
            throw stalled(null);
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
