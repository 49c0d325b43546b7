package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.StevedoreException;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer a RUN step produces is exactly its changes, end to end through {@link ImageBuilder}
 * with runc and overlayfs: no copied-up directories of mount-point stubs, whiteouts for
 * deletions, modes, owners and links as made. Needs root, runc and busybox.
 */
class RunLayerTest {

    @TempDir
    Path dir;

    private BuildHarness h;

    @BeforeEach
    void setUp() throws IOException {
        h = new BuildHarness(dir);
    }

    private static final String CHANGES = """
            FROM busybox
            COPY data/ /data/
            RUN echo new > /data/new \\
             && echo changed > /data/content \\
             && chmod 600 /data/mode \\
             && busybox chown 1000:1000 /data/owner \\
             && rm /data/gone \\
             && rm -rf /data/dir2file && echo f > /data/dir2file \\
             && rm -rf /data/empty/* \\
             && busybox ln /data/new /data/hard \\
             && busybox ln -s new /data/sym
            """;

    private void context() throws IOException {
        for (String f : List.of("content", "mode", "owner", "gone", "dir2file/x", "empty/a", "empty/b", "empty/sub/c")) {
            h.file("data/" + f, "old");
        }
    }

    @Test
    void theRunLayerHoldsExactlyTheChanges() throws IOException {
        context();
        BuildResult result = h.build(CHANGES);

        List<String> layers = layers(result);
        assertThat(layers).hasSize(3);
        assertThat(members(layers.getLast())).containsExactly(
                "d data/ 755 0:0",
                "f data/content 644 0:0 changed",
                "f data/dir2file 644 0:0 f",
                "d data/empty/ 755 0:0",
                "f data/empty/.wh.a 0 0:0",
                "f data/empty/.wh.b 0 0:0",
                "f data/empty/.wh.sub 0 0:0",
                "f data/.wh.gone 0 0:0",
                "f data/hard 644 0:0 new",
                "f data/mode 600 0:0 old",
                "h data/new => data/hard",
                "f data/owner 644 1000:1000 old",
                "l data/sym -> new");
    }

    @Test
    void umociUnpacksTheExpectedTree() throws Exception {
        Prerequisites.tool("umoci");
        context();
        h.build(CHANGES);

        Path data = h.unpack("docker.io/test/app:latest").resolve("data");
        try (var s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted())
                    // "file" comes from the base image (BusyboxImage has /data/file), untouched by the RUN
                    .containsExactly("content", "dir2file", "empty", "file", "hard", "mode", "new", "owner", "sym");
        }
        assertThat(data.resolve("content")).hasContent("changed");
        assertThat(data.resolve("dir2file")).isRegularFile().hasContent("f");
        assertThat(data.resolve("empty")).isEmptyDirectory();
        assertThat(Files.getAttribute(data.resolve("hard"), "unix:ino"))
                .isEqualTo(Files.getAttribute(data.resolve("new"), "unix:ino"));
        assertThat(Files.readSymbolicLink(data.resolve("sym"))).isEqualTo(Path.of("new"));
        assertThat((int) Files.getAttribute(data.resolve("mode"), "unix:mode") & 07777).isEqualTo(0600);
        assertThat(Files.getAttribute(data.resolve("owner"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
    }

    @Test
    void userWorkdirEnvAndShellTakeEffectInRun() throws IOException {
        BuildResult result = h.build("""
                FROM busybox
                RUN mkdir -m 1777 /out
                ENV X=hello
                WORKDIR /work/dir
                USER app
                RUN id -u > /out/uid && pwd > /out/pwd && echo "$X" > /out/x
                SHELL ["/bin/sh", "-ec"]
                RUN echo "$-" > /out/flags
                """);

        List<String> layers = layers(result);
        assertThat(members(layers.get(layers.size() - 2))).containsExactly(
                "d out/ 1777 0:0",
                "f out/pwd 644 1000:1000 /work/dir",
                "f out/uid 644 1000:1000 1000",
                "f out/x 644 1000:1000 hello");
        // $- of busybox sh: "c" by default, "ce" under SHELL ["/bin/sh", "-ec"]
        assertThat(members(layers.getLast())).containsExactly("d out/ 1777 0:0", "f out/flags 644 1000:1000 ce");
    }

    @Test
    void theShellOfShellDecidesWhetherAFailingCommandFailsTheStep() throws IOException {
        h.build("FROM busybox\nRUN false; echo went on\n");

        assertThatThrownBy(() -> h.build("FROM busybox\nSHELL [\"/bin/sh\", \"-ec\"]\nRUN false; echo went on\n"))
                .isInstanceOf(StevedoreException.class)
                .hasMessageContaining("false; echo went on");
    }

    private List<String> layers(BuildResult result) {
        var manifest = (ImageManifest) OciJson.readManifest(h.store.blobs().read(result.manifestDigest())).value();
        return manifest.layers().stream().map(d -> d.digest().toString()).toList();
    }

    /** The members of a stored layer, one line each: type, name, mode, owner, content or link target. */
    private List<String> members(String digest) throws IOException {
        List<String> result = new ArrayList<>();
        try (InputStream raw = h.store.blobs().open(dev.stevedore.oci.Digest.parse(digest));
             var in = new TarArchiveInputStream(dev.stevedore.archive.StreamCompression.open(raw, k -> k))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String owner = Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId() + ":"
                        + e.getLongGroupId();
                result.add(e.isSymbolicLink() ? "l " + e.getName() + " -> " + e.getLinkName()
                        : e.isLink() ? "h " + e.getName() + " => " + e.getLinkName()
                        : e.isDirectory() ? "d " + e.getName() + " " + owner
                        : ("f " + e.getName() + " " + owner + " "
                                + new String(in.readAllBytes(), StandardCharsets.UTF_8)).strip());
            }
        }
        return result;
    }
}
