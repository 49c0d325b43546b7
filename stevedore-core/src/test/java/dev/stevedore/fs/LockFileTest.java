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

    @Test
    void aThreadTakingTheLockAgainAndAgainLetsAWaiterGoFirst() throws Exception {
        LockFile lock = LockFile.of(dir.resolve("f.lock"));
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        LockFile.Held first = lock.exclusive();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try (var held = lock.shared()) {
                order.add("waiter");
            }
        });
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }

        first.close();
        try (var again = lock.exclusive()) { // a prune in a loop: it must not barge in before the waiter
            order.add("again");
        }
        waiter.join(10_000);

        assertThat(order).containsExactly("waiter", "again");
    }

    @Test
    void aWaiterThatGaveUpDoesNotHoldUpTheOnesBehindIt() throws Exception {
        LockFile lock = LockFile.of(dir.resolve("g.lock"));
        CompletableFuture<Boolean> behind = new CompletableFuture<>();
        Thread quitter;
        try (var held = lock.exclusive()) {
            quitter = Thread.ofPlatform().start(() -> {
                try {
                    lock.exclusiveInterruptibly().close();
                } catch (InterruptedException e) {
                    // gave up, as meant
                }
            });
            while (quitter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            Thread.ofPlatform().start(() -> {
                lock.shared().close();
                behind.complete(true);
            });
            quitter.interrupt();
            quitter.join(10_000);
        }
        assertThat(behind.get(10, TimeUnit.SECONDS)).isTrue();
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
