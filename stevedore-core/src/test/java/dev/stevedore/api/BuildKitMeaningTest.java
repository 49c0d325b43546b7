package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.ImageConfig;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-stage builds whose result must be BuildKit's (issue #22): the scratch config, users
 * without a passwd file. End to end on a busybox image the test makes; root and runc needed.
 */
class BuildKitMeaningTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    @Test
    void aScratchImageHasBuildKitsEmptyConfig() throws Exception {
        h.file("a.txt", "a\n");
        BuildResult result = h.build("FROM scratch\nCOPY a.txt /a.txt\n");
        ImageConfig config = h.config(result);
        assertThat(config.config().env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(config.config().workingDir()).isEqualTo("/");
    }

    static List<Object> owner(Path path) throws Exception {
        return List.of(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
}
