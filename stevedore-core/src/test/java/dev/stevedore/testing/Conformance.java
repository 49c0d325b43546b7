package dev.stevedore.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The conformance vectors in {@code ../shared/conformance/}: read from there, never copied
 * into the repository; tests that need them are skipped when the folder is absent.
 */
public final class Conformance {

    private Conformance() {}

    /** The folder {@code sub} of the vectors, or a skipped test when it is not there. */
    public static Path dir(String sub) {
        String configured = System.getProperty("stevedore.conformance.dir");
        Path base = configured != null ? Path.of(configured) : Path.of("../../shared/conformance");
        Path dir = base.resolve(sub).normalize();
        assumeTrue(Files.isDirectory(dir), "conformance vectors not found at " + dir);
        return dir;
    }
}
