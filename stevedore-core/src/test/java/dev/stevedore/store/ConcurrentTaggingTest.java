package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent updates of {@code index.json}, by threads of one JVM and by several JVMs at once:
 * no tag is lost, and a reader that takes no lock always sees a whole, valid index.
 */
class ConcurrentTaggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void threadsLoseNoTag() throws Exception {
        Store store = Store.open(root);
        TestImage image = TestImage.write(store.blobs(), "f", "x");
        int threads = 8;
        int perThread = 15;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads);
                IndexWatcher watcher = new IndexWatcher(root)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t;
                // Each thread opens its own Store, as independent callers in one JVM do.
                done.add(pool.submit(() -> {
                    Store own = Store.open(root);
                    for (int i = 0; i < perThread; i++) {
                        own.tags().tag("example.com/" + prefix + ":" + i, image.manifest());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            watcher.assertAlwaysValid();
        }
        assertThat(names(store)).hasSize(threads * perThread);
    }

    @Test
    void processesAndThreadsLoseNoTag() throws Exception {
        Store store = Store.open(root);
        TestImage image = TestImage.write(store.blobs(), "f", "x");
        int processes = 3;
        int perProcess = 60;
        Path start = root.resolve("start");
        try (IndexWatcher watcher = new IndexWatcher(root)) {
            List<Process> children = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                children.add(new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                        TagWorker.class.getName(), root.toString(), "p" + p, String.valueOf(perProcess),
                        image.manifest().digest().toString(), String.valueOf(image.manifest().size()), start.toString())
                        .redirectErrorStream(true).redirectOutput(root.resolve("p" + p + ".log").toFile())
                        .start());
            }
            for (int p = 0; p < processes; p++) {
                Path ready = Path.of(start + ".p" + p);
                for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                        !Files.exists(ready) && System.nanoTime() < deadline; ) {
                    Thread.sleep(10);
                }
            }
            Files.createFile(start);
            // Meanwhile this JVM tags too, from a thread.
            Thread local = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perProcess; i++) {
                    store.tags().tag("example.com/local:" + i, image.manifest());
                }
            });
            for (int p = 0; p < processes; p++) {
                assertThat(children.get(p).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(children.get(p).exitValue())
                        .as(Files.readString(root.resolve("p" + p + ".log"))).isZero();
            }
            local.join();
            watcher.assertAlwaysValid();
        }
        Set<String> names = names(store);
        assertThat(names).hasSize((processes + 1) * perProcess)
                .contains("example.com/p0:0", "example.com/p2:59", "example.com/local:59");
    }

    private static Set<String> names(Store store) {
        Set<String> names = new HashSet<>();
        store.tags().list().forEach(t -> names.add(t.name()));
        return names;
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Reads index.json in a loop while the writers run, counting reads that were not valid. */
    private static final class IndexWatcher implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger reads = new AtomicInteger();
        private final List<String> invalid = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread thread;

        IndexWatcher(Path root) {
            Path index = root.resolve("oci/index.json");
            thread = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        JsonNode json = JSON.readTree(Files.readAllBytes(index));
                        if (!json.path("manifests").isArray()) {
                            invalid.add(json.toString());
                        }
                        reads.incrementAndGet();
                    } catch (NoSuchFileException e) {
                        invalid.add("index.json missing");
                    } catch (IOException e) {
                        invalid.add(e.getMessage());
                    }
                }
            });
        }

        void assertAlwaysValid() throws InterruptedException {
            close();
            assertThat(reads.get()).isPositive();
            assertThat(invalid).isEmpty();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }
}
