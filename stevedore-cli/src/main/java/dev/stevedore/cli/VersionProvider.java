package dev.stevedore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code stevedore --version}: the version Maven stamped into the jar, the git commit it was built
 * from (tools/commit.sh; none for a build from a source tarball) and the Java that runs it.
 */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        load(p, "version.properties");
        load(p, "commit.properties");
        String commit = p.getProperty("commit", "");
        return new String[] {
            "stevedore " + p.getProperty("version", "unknown")
                    + (commit.isBlank() ? " (commit unknown: built without git)" : " (commit " + commit + ")"),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                    + System.getProperty("java.home") + ")"
        };
    }

    private static void load(Properties p, String resource) throws IOException {
        try (InputStream in = VersionProvider.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        }
    }
}
