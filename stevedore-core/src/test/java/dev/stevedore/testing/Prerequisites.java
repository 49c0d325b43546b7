package dev.stevedore.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.stevedore.linux.FileCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a test needs of the machine beyond a JVM: root, or a system tool that
 * {@code tools/prerequisites.sh} installs. A test asks for it before it starts. Missing, the
 * test fails with a sentence that says what is missing and the command that installs it: a
 * machine that cannot build an image must not show a green suite by skipping. Only the partial
 * run a user asks for, {@code ./test.sh -Dstevedore.tests=unprivileged}, skips instead: there
 * every test that needs root or a system tool is skipped, present or not, so that what it runs
 * is the same everywhere.
 */
public final class Prerequisites {

    private static final String PARTIAL_RUN = "./test.sh -Dstevedore.tests=unprivileged";

    private Prerequisites() {}

    /** Root: overlay mounts, runc, file owners, devices. */
    public static void root() {
        need("root");
        if (FileCalls.getuid() != 0) {
            fail("needs root (overlay mounts, runc, file owners) and runs as uid " + FileCalls.getuid()
                    + ": run ./test.sh as root, or " + PARTIAL_RUN + " for only the tests that need neither root nor system tools");
        }
    }

    /** The system tool {@code command}, found on the {@code PATH}. */
    public static Path tool(String command) {
        need(command);
        return onPath(command).orElseGet(() -> fail("needs " + command + ", which is not on the PATH: "
                + installHint() + "; or " + PARTIAL_RUN + " for only the tests that need neither root nor system tools"));
    }

    /** True in the partial run, where the tests that need root or a system tool are skipped. */
    public static boolean partialRun() {
        return "unprivileged".equals(System.getProperty("stevedore.tests"));
    }

    private static void need(String what) {
        if (partialRun()) {
            abort("needs " + what + ", and this is the partial run " + PARTIAL_RUN);
        }
    }

    private static Optional<Path> onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** What tools/prerequisites.sh --check says is missing for the tests, and how to install it. */
    private static String installHint() {
        Path script = repository().resolve("tools/prerequisites.sh");
        try {
            Process check = new ProcessBuilder(script.toString(), "--check", "tests").redirectErrorStream(true).start();
            check.getOutputStream().close();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            check.waitFor();
            if (!said.isEmpty()) {
                return said.replaceFirst("^prerequisites: ", "");
            }
        } catch (IOException e) {
            return "install it with " + script + " tests (as root); running it failed here: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "install it with " + script + " tests (as root)";
    }

    /** The checkout's root: Maven's project directory, else the nearest folder up with tools/. */
    private static Path repository() {
        String configured = System.getProperty("stevedore.repository");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/prerequisites.sh"))) {
                return dir;
            }
        }
        return Path.of("..").toAbsolutePath().normalize();
    }
}
