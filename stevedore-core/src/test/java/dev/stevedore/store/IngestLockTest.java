package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Descriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** While a prune holds the ingest lock, blob commits wait; streaming and tagging do not. */
@Timeout(60)
class IngestLockTest {

    @TempDir
    Path root;

    @Test
    void commitsWaitWhileThePruneLockIsHeld() throws Exception {
        Store store = Store.open(root);
        Blob existing = store.blobs().put(new byte[] {9});
        BlobWriter writer = store.blobs().writer();
        CompletableFuture<Blob> commit;
        // Own threads: the common pool may have a single worker, which the blocked commit takes.
        var threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory());
        try (threads; var pruning = IngestLock.of(root.resolve("ingest.lock")).exclusive()) {
            commit = CompletableFuture.supplyAsync(() -> {
                try {
                    writer.write(new byte[] {1, 2}, 0, 2);
                    return writer.commit();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, threads);
            CompletableFuture.runAsync(() -> store.tags().tag("example.com/x:1",
                    new Descriptor("application/octet-stream", existing.digest(), 1)), threads)
                    .get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            assertThat(commit).isNotDone();
            assertThat(writer.written()).isEqualTo(2);
            pruning.close();
            assertThat(commit.get(10, TimeUnit.SECONDS).size()).isEqualTo(2);
        }
    }

    @Test
    void theExclusiveHolderMayCommitItself() throws Exception {
        Store store = Store.open(root);
        try (var pruning = IngestLock.of(root.resolve("ingest.lock")).exclusive()) {
            assertThat(store.blobs().put(new byte[] {1}).size()).isEqualTo(1);
        }
        assertThat(store.blobs().put(new byte[] {2}).size()).isEqualTo(1);
    }
}
