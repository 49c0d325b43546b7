package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.StoreScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four {@code stevedore build} processes on one store and cache, their stages overlapping (one
 * stage all four build alike, racing for the same cache entries) and each taking a
 * {@code sharing=locked} cache mount, while {@code stevedore prune} runs again and again: all
 * succeed, the locked mount saw every step one at a time, fsck is clean, nothing is left mounted.
 * The JUnit timeout is the guard against a deadlock. Needs root and runc.
 */
class ConcurrentBuildsTest {

    private static final int BUILDS = 4;

    @TempDir
    Path tmp;

    @Test
    @Timeout(900)
    void fourBuildsAndPrunesOnOneStoreAllSucceed() throws Exception {
        BusyboxImage.assumeRunnable();
        Path store = tmp.resolve("store");
        BusyboxImage.create(Store.open(store), tmp.resolve("busybox"), BusyboxImage.NAME);
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox AS common
                RUN echo common > /common && sleep 0.5
                FROM common AS counted
                ARG N
                RUN --mount=type=cache,target=/cache,sharing=locked c=$(cat /cache/count 2>/dev/null || echo 0); \\
                    sleep 0.3; echo $((c+1)) > /cache/count; echo "build $N" > /mine
                FROM common AS other
                RUN echo other > /other
                FROM busybox
                COPY --from=counted /mine /mine
                COPY --from=other /other /other
                COPY --from=common /common /common
                """);

        List<CliProcess> builds = new ArrayList<>();
        for (int n = 1; n <= BUILDS; n++) {
            builds.add(CliProcess.start("--root", store.toString(), "build", "--build-arg", "N=" + n,
                    "-t", "concurrent/app:" + n, context.toString()));
        }
        int prunes = 0;
        while (builds.stream().anyMatch(CliProcess::isAlive) || prunes < 3) {
            CliRun prune = CliRun.run("", "--root", store.toString(), "prune");
            assertThat(prune.code()).as("prune %d: %s", prunes, prune.err()).isZero();
            prunes++;
            Thread.sleep(200);
        }
        for (int n = 1; n <= BUILDS; n++) {
            CliProcess b = builds.get(n - 1);
            assertThat(b.await(600)).as("build %d: %s", n, b.err()).isZero();
        }

        for (int n = 1; n <= BUILDS; n++) {
            CliRun run = CliRun.run("", "--root", store.toString(), "run", "concurrent/app:" + n,
                    "cat", "/mine", "/other", "/common");
            assertThat(run.out()).as("image %d: %s", n, run.err()).isEqualTo("build " + n + "\nother\ncommon\n");
        }
        assertThat(counts(store)).containsExactly(String.valueOf(BUILDS));
        CliRun fsck = CliRun.run("", "--root", store.toString(), "fsck");
        assertThat(fsck.code()).as(fsck.out()).isZero();
        assertThat(StoreScan.badBlobs(store)).isEmpty();
        assertThat(StoreScan.mounts(store, true)).isEmpty();
        assertThat(StoreScan.allContainers(store)).isEmpty();
        System.out.println("ConcurrentBuildsTest: " + BUILDS + " build processes, " + prunes + " prunes meanwhile");
    }

    /** What the cache mount's {@code count} files hold: one increment per build when the lock works. */
    private static List<String> counts(Path store) throws Exception {
        try (Stream<Path> s = Files.walk(store.resolve("cache-mounts"))) {
            List<String> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.getFileName().toString().equals("count")).toList()) {
                out.add(Files.readString(p).strip());
            }
            return out;
        }
    }
}
