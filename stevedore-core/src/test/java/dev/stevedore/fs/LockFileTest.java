package dev.stevedore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {

    @TempDir
    Path dir;

    @Test
    void anExclusiveHolderMayTakeTheLockAgainEitherWay() throws Exception {
        LockFile lock = LockFile.of(dir.resolve("a.lock"));
        try (var outer = lock.exclusive(); var inner = lock.exclusive(); var shared = lock.shared()) {
            assertThat(onOtherThread(() -> lock.tryExclusive().isPresent())).isFalse();
        }
        assertThat(onOtherThread(() -> lock.tryExclusive().map(h -> {
            h.close();
            return true;
        }).orElse(false))).isTrue();
    }

    @Test
    void sharedHoldersRunTogetherAndKeepAnExclusiveOneOut() throws Exception {
        LockFile lock = LockFile.of(dir.resolve("b.lock"));
        try (var mine = lock.shared()) {
            assertThat(onOtherThread(() -> {
                try (var theirs = lock.shared()) {
                    return lock.tryExclusive().isPresent();
                }
            })).isFalse();
        }
        assertThat(onOtherThread(() -> lock.tryExclusive().map(h -> {
            h.close();
            return true;
        }).orElse(false))).isTrue();
    }

    @Test
    void tryExclusiveIsNotReentrant() {
        LockFile lock = LockFile.of(dir.resolve("c.lock"));
        try (var held = lock.tryExclusive().orElseThrow()) {
            assertThat(lock.tryExclusive()).isEmpty();
        }
        try (var shared = lock.shared()) {
            assertThat(lock.tryExclusive()).isEmpty();
        }
        lock.tryExclusive().orElseThrow().close();
    }

    @Test
    void aSymlinkedNameIsTheSameLock() throws Exception {
        Path real = java.nio.file.Files.createDirectory(dir.resolve("real"));
        java.nio.file.Files.createSymbolicLink(dir.resolve("link"), real);
        try (var held = LockFile.of(real.resolve("d.lock")).exclusive()) {
            assertThat(onOtherThread(() -> LockFile.of(dir.resolve("link/d.lock")).tryExclusive().isPresent()))
                    .isFalse();
        }
    }

    @Test
    void anInterruptibleWaitEndsOnInterrupt() throws Exception {
        LockFile lock = LockFile.of(dir.resolve("e.lock"));
        try (var held = lock.exclusive()) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    lock.exclusiveInterruptibly().close();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            Thread.sleep(100);
            waiter.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
        lock.exclusive().close();
    }

    private static <T> T onOtherThread(java.util.concurrent.Callable<T> task) throws Exception {
        var result = new CompletableFuture<T>();
        Thread.ofPlatform().start(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
