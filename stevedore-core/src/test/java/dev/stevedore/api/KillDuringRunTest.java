package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.event.BuildListener;
import dev.stevedore.testing.StoreScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build SIGKILLed while its RUN container runs leaves an overlay mount, a runc container and
 * temp dirs behind; the next build on the same store succeeds and cleans them all up. The killed
 * build is a separate JVM running {@link ImageBuilder} ({@link BuildMain}). Needs root and runc.
 */
class KillDuringRunTest {

    @TempDir
    Path dir;

    private BuildHarness h;

    @BeforeEach
    void setUp() throws IOException {
        h = new BuildHarness(dir);
    }

    /** Whatever the test's outcome, no {@code sleep 60} and no overlay mount outlives it. */
    @AfterEach
    void killLeftovers() throws Exception {
        if (h != null) {
            for (Path state : runcRoots()) {
                for (String id : containers(state)) {
                    new ProcessBuilder("runc", "--root", state.toString(), "delete", "--force", id)
                            .redirectErrorStream(true).start().waitFor();
                }
            }
            for (String mount : overlayMounts()) {
                new ProcessBuilder("umount", "-l", mount).redirectErrorStream(true).start().waitFor();
            }
        }
    }

    @Test
    void theNextBuildSucceedsAndLeavesNothingBehind() throws Exception {
        h.file("Dockerfile", "FROM busybox\nRUN sleep 60\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process killed = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), BuildMain.class.getName(), h.context.toString(),
                h.root.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        try {
            waitFor(() -> !overlayMounts().isEmpty() && anyContainer(), killed);
        } finally {
            killed.destroyForcibly().waitFor();
        }
        assertThat(overlayMounts()).isNotEmpty();

        BuildResult result = h.build("FROM busybox\nRUN echo second > /second\n");

        assertThat(result.imageId()).isNotNull();
        assertThat(overlayMounts()).isEmpty();
        for (Path state : runcRoots()) {
            assertThat(containers(state)).isEmpty();
        }
        // tmp/runtime is the runtime's state directory (runc's state under runtime/runc): it stays, empty
        assertThat(leftovers(h.store.root().resolve("tmp"))).containsOnly("runtime");
        assertThat(leftovers(h.store.root().resolve("tmp/runtime"))).isEmpty();
        assertThat(leftovers(h.store.snapshotsDirectory().resolve("active"))).isEmpty();
    }

    /** Runs one build, as {@code stevedore build} would: {@code BuildMain <context> <store>}. */
    public static final class BuildMain {
        public static void main(String[] args) throws IOException {
            BuildListener quiet = e -> { };
            new ImageBuilder().build(BuildRequest.builder(Path.of(args[0])).storeRoot(Path.of(args[1]))
                    .tags(List.of("test/killed:latest")).build(), quiet);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void waitFor(Check check, Process build) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!check.holds()) {
            if (!build.isAlive()) {
                throw new AssertionError("the build ended before its RUN was seen: "
                        + Files.readString(dir.resolve("killed.log")));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the RUN container was not seen within 60s");
            }
            Thread.sleep(100);
        }
    }

    private List<String> overlayMounts() throws IOException {
        return StoreScan.mounts(h.root, false);
    }

    private boolean anyContainer() throws IOException {
        return !StoreScan.allContainers(h.root).isEmpty();
    }

    private List<Path> runcRoots() throws IOException {
        return StoreScan.runcRoots(h.root);
    }

    private static List<String> containers(Path state) throws IOException {
        return StoreScan.containers(state);
    }

    /** The entries of {@code d} but the runtime's (empty) state root. */
    private static List<String> leftovers(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> !(p.getFileName().toString().equals("runc") && isEmptyDir(p)))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean isEmptyDir(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

}
