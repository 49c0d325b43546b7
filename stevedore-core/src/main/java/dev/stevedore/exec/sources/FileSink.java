package dev.stevedore.exec.sources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams a response body to a file while feeding digests, one buffer list at a time, and
 * records when bytes last arrived so that a stalled download can be told from a slow one.
 */
final class FileSink implements BodySubscriber<Void> {

    private final FileChannel out;
    private final List<MessageDigest> digests;
    private final AtomicLong lastProgressNanos;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    FileSink(FileChannel out, List<MessageDigest> digests, AtomicLong lastProgressNanos) {
        this.out = out;
        this.digests = digests;
        this.lastProgressNanos = lastProgressNanos;
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer buffer : buffers) {
                for (MessageDigest md : digests) {
                    md.update(buffer.duplicate());
                }
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        } catch (IOException e) {
            subscription.cancel();
            done.completeExceptionally(new UncheckedIOException(e));
            return;
        }
        lastProgressNanos.set(System.nanoTime());
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    /** Stops the transfer (a stalled server); the body then never completes normally. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
