package dev.stevedore.exec.mounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.dockerfile.Mount;
import dev.stevedore.runtime.RunMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sharing=shared|private|locked} between threads and between processes; no container needed. */
class CacheSharingTest {

    @TempDir
    Path dir;

    static Mount.Cache cache(Mount.Sharing sharing) {
        return new Mount.Cache("/cache", Optional.of("shared-id"), sharing, Optional.empty(), Optional.empty(),
                false, 0755, 0, 0);
    }

    private MountInputs inputs() {
        return new MountInputs(dir.resolve("cache-mounts"), dir.resolve("scratch"), Map.of(), Map.of(),
                from -> dir.resolve("context"), Map.of(), dev.stevedore.exec.SharedCacheMounts.none());
    }

    private PreparedMounts prepare(Mount.Sharing sharing) throws Exception {
        return RunMounts.prepare(List.of(cache(sharing)), inputs());
    }

    private static Path source(PreparedMounts prepared) {
        return ((RunMount.Bind) prepared.runMounts().getFirst()).source();
    }

    private CompletableFuture<PreparedMounts> prepareLater(Mount.Sharing sharing) {
        CompletableFuture<PreparedMounts> future = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                future.complete(prepare(sharing));
            } catch (Exception e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    @Test
    void lockedWaitsForTheThreadHoldingIt() throws Exception {
        PreparedMounts first = prepare(Mount.Sharing.LOCKED);
        CompletableFuture<PreparedMounts> second = prepareLater(Mount.Sharing.LOCKED);
        Thread.sleep(400);
        assertThat(second).as("second user waits").isNotDone();
        first.close();
        try (PreparedMounts got = second.get(10, TimeUnit.SECONDS)) {
            assertThat(source(got)).isEqualTo(source(first));
        }
    }

    @Test
    void sharedUsersRunTogetherInOneDirectory() throws Exception {
        try (PreparedMounts a = prepare(Mount.Sharing.SHARED);
                PreparedMounts b = prepareLater(Mount.Sharing.SHARED).get(10, TimeUnit.SECONDS)) {
            assertThat(source(a)).isEqualTo(source(b)).endsWith(Path.of("data"));
            CompletableFuture<PreparedMounts> locked = prepareLater(Mount.Sharing.LOCKED);
            Thread.sleep(300);
            assertThat(locked).as("a locked user waits for shared ones").isNotDone();
            a.close();
            b.close();
            locked.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void privateUsersGetSeparateDirectoriesWhileBusy() throws Exception {
        Path first;
        try (PreparedMounts a = prepare(Mount.Sharing.PRIVATE);
                PreparedMounts b = prepareLater(Mount.Sharing.PRIVATE).get(10, TimeUnit.SECONDS);
                PreparedMounts c = prepare(Mount.Sharing.PRIVATE)) {
            first = source(a);
            assertThat(List.of(source(a), source(b), source(c))).doesNotHaveDuplicates();
            Files.writeString(source(b).resolve("mine"), "b");
            assertThat(source(a).resolve("mine")).doesNotExist();
        }
        try (PreparedMounts again = prepare(Mount.Sharing.PRIVATE)) {
            assertThat(source(again)).as("a free directory is reused").isEqualTo(first);
        }
    }

    @Test
    void cacheDirectoryIsMadeWithModeAndKept() throws Exception {
        Mount.Cache cache = new Mount.Cache("/c", Optional.empty(), Mount.Sharing.SHARED, Optional.empty(),
                Optional.empty(), true, 0700, 0, 0);
        Path made;
        try (PreparedMounts p = RunMounts.prepare(List.of(cache), inputs())) {
            RunMount.Bind bind = (RunMount.Bind) p.runMounts().getFirst();
            assertThat(bind.readOnly()).isTrue();
            assertThat(bind.target()).isEqualTo("/c");
            made = bind.source();
            assertThat(Files.getPosixFilePermissions(made)).hasSize(3);
            Files.writeString(made.resolve("kept"), "1");
        }
        try (PreparedMounts p = RunMounts.prepare(List.of(cache), inputs())) {
            assertThat(source(p).resolve("kept")).hasContent("1");
            assertThat(made.getParent().resolve("key")).hasContent("/c");
        }
    }

    @Test
    void cacheSeededFromAStageIsACopy() throws Exception {
        Path stage = Files.createDirectories(dir.resolve("stage/src"));
        Files.writeString(stage.resolve("seed"), "seeded");
        Mount.Cache cache = new Mount.Cache("/c", Optional.of("x"), Mount.Sharing.SHARED, Optional.of("builder"),
                Optional.of("/src"), false, 0755, 0, 0);
        MountInputs inputs = new MountInputs(dir.resolve("cache-mounts"), dir.resolve("scratch"), Map.of(), Map.of(),
                from -> {
                    assertThat(from).contains("builder");
                    return dir.resolve("stage");
                }, Map.of(), dev.stevedore.exec.SharedCacheMounts.none());
        try (PreparedMounts p = RunMounts.prepare(List.of(cache), inputs)) {
            assertThat(source(p).resolve("seed")).hasContent("seeded");
            Files.writeString(source(p).resolve("seed"), "changed");
        }
        assertThat(stage.resolve("seed")).hasContent("seeded");
        try (PreparedMounts p = RunMounts.prepare(List.of(cache), inputs)) {
            assertThat(source(p).resolve("seed")).as("seeded once, then kept").hasContent("changed");
        }
    }

    @Test
    void lockedWaitsForAnotherProcess() throws Exception {
        Path ready = dir.resolve("ready");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                dir.resolve("cache-mounts").toString(), ready.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready) && holder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ready).as("the other process holds the cache").exists();
            CompletableFuture<PreparedMounts> mine = prepareLater(Mount.Sharing.LOCKED);
            Thread.sleep(500);
            assertThat(mine).as("waits for the other process").isNotDone();
            CompletableFuture<PreparedMounts> privateUser = prepareLater(Mount.Sharing.PRIVATE);
            try (PreparedMounts p = privateUser.get(10, TimeUnit.SECONDS)) {
                assertThat(source(p)).as("private does not wait: it gets another dir").endsWith(Path.of("private-1"));
            }
            holder.getOutputStream().close();
            mine.get(30, TimeUnit.SECONDS).close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isZero();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void interruptedWhileWaitingForALockedCache() throws Exception {
        try (PreparedMounts first = prepare(Mount.Sharing.LOCKED)) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    prepare(Mount.Sharing.LOCKED).close();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            Thread.sleep(200);
            waiter.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
        try (PreparedMounts after = prepare(Mount.Sharing.LOCKED)) {
            assertThat(source(after)).endsWith(Path.of("data"));
        }
    }
}
