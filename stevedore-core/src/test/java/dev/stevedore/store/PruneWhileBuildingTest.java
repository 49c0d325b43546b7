package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds (threads that write an image under a lease, tag it, close the lease) race a prune
 * that runs in a loop: every tagged image stays whole, and what was never tagged goes.
 */
@Timeout(120)
class PruneWhileBuildingTest {

    @TempDir
    Path root;

    @Test
    void tagsWrittenUnderLeasesSurviveConcurrentPrunes() throws Exception {
        Store store = Store.open(root);
        int builders = 4;
        int imagesEach = 10;
        AtomicBoolean building = new AtomicBoolean(true);
        AtomicInteger prunes = new AtomicInteger();
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
            Future<?> pruner = threads.submit(() -> {
                while (building.get()) {
                    store.prune();
                    prunes.incrementAndGet();
                }
            });
            List<Future<?>> builds = new ArrayList<>();
            for (int b = 0; b < builders; b++) {
                int builder = b;
                builds.add(threads.submit(() -> {
                    for (int i = 0; i < imagesEach; i++) {
                        try (Lease lease = store.lease()) {
                            TestImage image = TestImage.write(store.blobs(), "f", builder + "/" + i, lease);
                            // Scratch blobs a build drops: prunable once the lease is gone.
                            store.blobs().put(("scratch " + builder + "/" + i).getBytes(), null, lease);
                            store.tags().tag("example.com/b" + builder + ":" + i, image.manifest());
                        }
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> build : builds) {
                    build.get(100, TimeUnit.SECONDS);
                }
            } finally {
                building.set(false);
            }
            pruner.get(100, TimeUnit.SECONDS);
        }
        assertThat(prunes.get()).isPositive();
        assertThat(store.tags().list()).hasSize(builders * imagesEach);
        FsckReport report = store.fsck(false);
        assertThat(report.problems()).isEmpty();

        store.prune();
        assertThat(store.blobs().list()).hasSize(builders * imagesEach * 3);
        assertThat(root.resolve("leases")).isEmptyDirectory();
    }
}
