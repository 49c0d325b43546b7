package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.event.BuildListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** Mount points of overlays under the store, from /proc/self/mountinfo. */
    private List<String> overlayMounts() throws IOException {
        List<String> result = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash > 0 && f[dash + 1].equals("overlay") && f[4].startsWith(h.root.toString())) {
                result.add(f[4]);
            }
        }
        return result;
    }

    private boolean anyContainer() throws IOException {
        for (Path state : runcRoots()) {
            if (!containers(state).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Every directory named {@code runc} under the store: the runtime's state roots. */
    private List<Path> runcRoots() throws IOException {
        try (Stream<Path> s = Files.walk(h.root, 4)) {
            return s.filter(p -> p.getFileName().toString().equals("runc") && Files.isDirectory(p)).toList();
        }
    }

    private static List<String> containers(Path state) throws IOException {
        try {
            Process p = new ProcessBuilder("runc", "--root", state.toString(), "list", "-q").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
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
