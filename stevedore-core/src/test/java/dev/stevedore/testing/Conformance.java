package dev.stevedore.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The conformance vectors in {@code ../shared/conformance/}: BuildKit's, moby's and
 * distribution's own test data, kept beside the checkout in the team's shared folder (not in this
 * repository: it is other projects' data) and read from there. Tests that need them are skipped,
 * and reported as skipped, when the folder is absent: they are the one kind of test a machine
 * may lack without failing, since the folder is not something tools/prerequisites.sh installs.
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
