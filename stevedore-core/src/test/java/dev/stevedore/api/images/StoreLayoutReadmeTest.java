package dev.stevedore.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands that read the store with skopeo and umoci work as written: each
 * {@code skopeo}/{@code umoci} line of its "other OCI tools" block is run, with the store root
 * {@code /var/lib/stevedore} replaced by a test store holding the image {@code hello}.
 */
class StoreLayoutReadmeTest {

    private static final String DOCUMENTED_ROOT = "/var/lib/stevedore";

    @TempDir
    Path tmp;

    @Test
    void theDocumentedSkopeoAndUmociCommandsReadTheStore() throws Exception {
        Path root = tmp.resolve("store");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("greeting"), "hello\n");
        Images images = new Images(Store.open(root), Clock.systemUTC());
        images.importImage(new ImportRequest(new ImportRequest.FromPath(rootfs.getParent()),
                Optional.of(ImageReference.parse("hello")), List.of(), Optional.empty(), Optional.empty(), ""));
        images.importImage(new ImportRequest(new ImportRequest.FromPath(rootfs.getParent()),
                Optional.empty(), List.of("ENV UNTAGGED=1"), Optional.empty(), Optional.empty(), ""));

        List<String> commands = documentedCommands();
        assertThat(commands).as("the README's skopeo/umoci commands").hasSizeGreaterThanOrEqualTo(3)
                .anyMatch(c -> c.startsWith("skopeo inspect oci:" + DOCUMENTED_ROOT + "/oci:"))
                .anyMatch(c -> c.startsWith("umoci unpack"));
        for (String command : commands) {
            String out = sh(command.replace(DOCUMENTED_ROOT, root.toString()));
            if (command.startsWith("skopeo inspect")) {
                assertThat(out).contains("\"Layers\"");
            }
        }
        assertThat(tmp.resolve("work/hello-bundle/rootfs/etc/greeting")).hasContent("hello");
    }

    /** The lines of the README's block under "Reading the store with other OCI tools", without {@code sudo}. */
    private static List<String> documentedCommands() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("Reading the store with other OCI tools");
        assertThat(section).as("README section").isNotNegative();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().map(String::strip)
                .filter(l -> !l.startsWith("#") && !l.isEmpty())
                .map(l -> l.replaceFirst("^sudo ", "").replaceFirst("\\s+#.*$", ""))
                .filter(l -> l.startsWith("skopeo ") || l.startsWith("umoci "))
                .toList();
    }

    private String sh(String command) throws IOException, InterruptedException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Process p = new ProcessBuilder("sh", "-c", command).directory(work.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + out).isZero();
        return out;
    }
}
