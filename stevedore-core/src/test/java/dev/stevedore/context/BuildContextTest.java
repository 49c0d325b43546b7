package dev.stevedore.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarWriter;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opening a context: directory, -f anywhere, tar archives (hostile ones too), standard input. */
class BuildContextTest {

    @TempDir
    Path tmp;

    @AfterEach
    void removeLinks() throws Exception {
        Tree.removeSymlinks(tmp);
    }

    private static List<String> names(BuildContext c) {
        return c.select(List.of("."), List.of()).stream()
                .map(e -> c.root().relativize(e.hostPath()).toString()).toList();
    }

    private static ByteArrayInputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    // --- directories ---

    @Test
    void aDirectoryWithItsDockerfile() {
        Tree t = Tree.at(tmp.resolve("ctx")).file("Dockerfile", "FROM a\n").file("app.txt", "x");
        BuildContext c = BuildContext.ofDirectory(t.root(), Optional.empty());
        assertThat(c.dockerfile().text()).isEqualTo("FROM a\n");
        assertThat(c.dockerfile().name()).isEqualTo("Dockerfile");
        assertThat(c.ignorePatterns().patterns()).isEmpty();
        assertThat(names(c)).containsExactly("Dockerfile", "app.txt");
    }

    @Test
    void aLowercaseDockerfileIsFoundWhenThereIsNoDockerfile() {
        Tree t = Tree.at(tmp.resolve("ctx")).file("dockerfile", "FROM lower\n");
        BuildContext c = BuildContext.ofDirectory(t.root(), Optional.empty());
        assertThat(c.dockerfile().text()).isEqualTo("FROM lower\n");
        assertThat(c.dockerfile().name()).isEqualTo("dockerfile");
    }

    @Test
    void theDefaultDockerfileIsResolvedInsideTheContext() {
        Tree.at(tmp).file("host/Dockerfile", "FROM host\n");
        Tree t = Tree.at(tmp.resolve("ctx")).link("Dockerfile", tmp.resolve("host/Dockerfile").toString());
        assertThatThrownBy(() -> BuildContext.ofDirectory(t.root(), Optional.empty()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no Dockerfile \"Dockerfile\" in the build context");
        Tree.at(t.root()).file(tmp.resolve("host/Dockerfile").toString().substring(1), "FROM inside\n");
        assertThat(BuildContext.ofDirectory(t.root(), Optional.empty()).dockerfile().text()).isEqualTo("FROM inside\n");
    }

    @Test
    void dashFOutsideTheContextWithItsOwnIgnoreFileWinning() {
        Tree.at(tmp).file("elsewhere/app.Dockerfile", "FROM out\n").file("elsewhere/app.Dockerfile.dockerignore", "b.txt\n");
        Tree t = Tree.at(tmp.resolve("ctx")).file(".dockerignore", "a.txt\n").file("a.txt", "a").file("b.txt", "b");
        Path dockerfile = tmp.resolve("elsewhere/app.Dockerfile");
        BuildContext c = BuildContext.ofDirectory(t.root(), Optional.of(dockerfile));
        assertThat(c.dockerfile().text()).isEqualTo("FROM out\n");
        assertThat(c.dockerfile().name()).isEqualTo(dockerfile.toString());
        assertThat(names(c)).containsExactly(".dockerignore", "a.txt");
    }

    @Test
    void dashFInsideTheContextUsesTheGeneralIgnoreFileWhenItHasNoneOfItsOwn() {
        Tree t = Tree.at(tmp.resolve("ctx")).file(".dockerignore", "a.txt\n").file("a.txt", "a")
                .file("build/prod.Dockerfile", "FROM prod\n");
        BuildContext c = BuildContext.ofDirectory(t.root(), Optional.of(t.root().resolve("build/prod.Dockerfile")));
        assertThat(c.dockerfile().text()).isEqualTo("FROM prod\n");
        assertThat(names(c)).containsExactly(".dockerignore", "build", "build/prod.Dockerfile");
    }

    @Test
    void aDockerfileFromStandardInputWithADirectoryContext() {
        Tree t = Tree.at(tmp.resolve("ctx")).file(".dockerignore", "*.txt\n").file("a.txt", "a").file("b.md", "b");
        BuildContext c = BuildContext.ofDirectory(t.root(), "FROM stdin\n".getBytes(StandardCharsets.UTF_8));
        assertThat(c.dockerfile().text()).isEqualTo("FROM stdin\n");
        assertThat(names(c)).containsExactly(".dockerignore", "b.md");
    }

    @Test
    void aMalformedIgnoreFileNamesItsLine() {
        Tree t = Tree.at(tmp.resolve("ctx")).file("Dockerfile", "FROM a\n").file(".dockerignore", "ok\n\n[bad\n");
        assertThatThrownBy(() -> BuildContext.ofDirectory(t.root(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(".dockerignore:3: invalid ignore pattern \"[bad\"");
    }

    @Test
    void missingThingsAreNamed() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> BuildContext.ofDirectory(missing, Optional.empty()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("build context directory \"" + missing + "\" does not exist");
        Tree t = Tree.at(tmp.resolve("ctx")).file("file", "x").dir("empty");
        assertThatThrownBy(() -> BuildContext.ofDirectory(t.root().resolve("file"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("build context \"" + t.root().resolve("file") + "\" is not a directory");
        assertThatThrownBy(() -> BuildContext.ofDirectory(t.root().resolve("empty"), Optional.empty()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no Dockerfile \"Dockerfile\" in the build context");
        Path noFile = tmp.resolve("x.Dockerfile");
        assertThatThrownBy(() -> BuildContext.ofDirectory(t.root(), Optional.of(noFile)))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Dockerfile \"" + noFile + "\" does not exist");
        assertThatThrownBy(() -> BuildContext.ofDirectory(t.root(), Optional.of(t.root().resolve("empty"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Dockerfile \"" + t.root().resolve("empty") + "\" is not a regular file");
    }

    // --- archives ---

    private static TarBuilder sampleTar() {
        return new TarBuilder().file("Dockerfile", "FROM tar\n").dir("src").file("src/main.go", "package main\n")
                .file("run.sh", "#!/bin/sh\n", 0755).symlink("latest", "src/main.go").file(".dockerignore", "*.md\n")
                .file("README.md", "r");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "bzip2", "zstd", "xz"})
    void aTarContextInEachCompressionIsRecognizedByContent(String compression) throws Exception {
        BuildContext c = BuildContext.ofArchive(in(sampleTar().compress(compression)), tmp.resolve("work"), Optional.empty());
        assertThat(c.dockerfile().text()).isEqualTo("FROM tar\n");
        assertThat(names(c)).containsExactly(".dockerignore", "Dockerfile", "latest", "run.sh", "src", "src/main.go");
        assertThat(c.root()).isEqualTo(tmp.resolve("work").toRealPath());
        assertThat(Files.readSymbolicLink(c.root().resolve("latest")).toString()).isEqualTo("src/main.go");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.root().resolve("run.sh")))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void dashFNamesAPathInsideTheTarAndItsIgnoreFileWins() {
        byte[] tar = sampleTar().file("ci/Dockerfile.ci", "FROM ci\n").file("ci/Dockerfile.ci.dockerignore", "src\n").gzip();
        BuildContext c = BuildContext.ofArchive(in(tar), tmp.resolve("work"), Optional.of("ci/Dockerfile.ci"));
        assertThat(c.dockerfile().text()).isEqualTo("FROM ci\n");
        assertThat(c.dockerfile().name()).isEqualTo("ci/Dockerfile.ci");
        assertThat(names(c)).contains("README.md").doesNotContain("src", "src/main.go");
    }

    @Test
    void aTarWithoutTheDockerfileOrNotATarIsAnError() {
        assertThatThrownBy(() -> BuildContext.ofArchive(in(new TarBuilder().file("a", "a").bytes()), tmp.resolve("w1"), Optional.empty()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no Dockerfile \"Dockerfile\" in the build context");
        assertThatThrownBy(() -> BuildContext.ofArchive(in("FROM x\n".getBytes(StandardCharsets.UTF_8)), tmp.resolve("w2"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the build context archive is not a tar archive");
        byte[] gz = sampleTar().gzip();
        byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
        assertThatThrownBy(() -> BuildContext.ofArchive(in(truncated), tmp.resolve("w3"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("build context archive");
        byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2};
        assertThatThrownBy(() -> BuildContext.ofArchive(in(xz), tmp.resolve("w4"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the xz stream of the build context archive is corrupt or truncated: ");
    }

    @Test
    void aHostileTarIsContained() throws Exception {
        Path outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        byte[] tar = new TarBuilder().file("Dockerfile", "FROM x\n")
                .file("/abs/file", "abs")
                .symlink("evil", "/").file("evil/etc/pwned", "1")
                .symlink("evil-abs", outside.toString()).file("evil-abs/pwned", "2")
                .symlink("up", "../../../..").file("up/pwned", "3")
                .bytes();
        BuildContext c = BuildContext.ofArchive(in(tar), tmp.resolve("work"), Optional.empty());
        Path root = c.root();
        assertThat(Files.readString(root.resolve("abs/file"))).isEqualTo("abs");
        assertThat(Files.readString(root.resolve("etc/pwned"))).isEqualTo("1");
        assertThat(Files.readString(root.resolve(outside.toString().substring(1)).resolve("pwned"))).isEqualTo("2");
        assertThat(Files.readString(root.resolve("pwned"))).isEqualTo("3");
        assertThat(outside).isEmptyDirectory();
        assertThat(Path.of("/etc/pwned")).doesNotExist();
    }

    @Test
    void hostileTarEntriesAreRefusedByName() {
        record Case(TarBuilder tar, String message) {}
        List<Case> cases = List.of(
                new Case(new TarBuilder().file("../escape", "x"),
                        "build context archive entry \"../escape\" is refused: it points outside the context"),
                new Case(new TarBuilder().file("a/../../escape", "x"),
                        "build context archive entry \"a/../../escape\" is refused: it points outside the context"),
                new Case(new TarBuilder().hardlink("passwd", "/etc/passwd"),
                        "build context archive entry \"passwd\" is refused: its link target \"/etc/passwd\" is not a file extracted before it"),
                new Case(new TarBuilder().hardlink("x", "../../etc/passwd"),
                        "build context archive entry \"x\" is refused: its link target \"../../etc/passwd\" points outside the context"),
                new Case(new TarBuilder().file("f", "x").file("f/y", "y"),
                        "build context archive entry \"f/y\" is refused: its parent is not a directory"),
                new Case(new TarBuilder().file("d/x", "x").file("d", "now a file"),
                        "build context archive entry \"d\" is refused: it would replace a directory that is not empty"));
        int i = 0;
        for (Case k : cases) {
            Path work = tmp.resolve("w" + i++);
            assertThatThrownBy(() -> BuildContext.ofArchive(in(k.tar.bytes()), work, Optional.empty()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(k.message);
        }
    }

    @Test
    void theExtractingUserOwnsTheContextAndItHoldsNoDevicesNorSetuidBits() throws Exception {
        Instant t = Instant.parse("2020-01-02T03:04:05Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out);
        byte[] dockerfile = "FROM x\n".getBytes(StandardCharsets.UTF_8);
        w.write(new TarEntry("Dockerfile", TarEntry.Type.FILE, 0644, 0, 0, dockerfile.length, t, "", 0, 0, Map.of()),
                new ByteArrayInputStream(dockerfile));
        w.write(new TarEntry("suid", TarEntry.Type.FILE, 04755, 4242, 4343, 1, t, "", 0, 0, Map.of()),
                new ByteArrayInputStream(new byte[] {'x'}));
        w.write(new TarEntry("sticky", TarEntry.Type.DIRECTORY, 01777, 4242, 4343, 0, t, "", 0, 0, Map.of()), null);
        w.write(new TarEntry("null", TarEntry.Type.CHAR_DEVICE, 0666, 0, 0, 0, t, "", 1, 3, Map.of()), null);
        w.write(new TarEntry("sda", TarEntry.Type.BLOCK_DEVICE, 0660, 0, 0, 0, t, "", 8, 0, Map.of()), null);
        w.write(new TarEntry("pipe", TarEntry.Type.FIFO, 0644, 0, 0, 0, t, "", 0, 0, Map.of()), null);
        w.finish();

        Path root = BuildContext.ofArchive(in(out.toByteArray()), tmp.resolve("work"), Optional.empty()).root();

        int me = (int) Files.getAttribute(tmp, "unix:uid");
        for (String name : List.of("suid", "sticky")) {
            assertThat(Files.getAttribute(root.resolve(name), "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(name).isEqualTo(me);
        }
        assertThat((int) Files.getAttribute(root.resolve("suid"), "unix:mode") & 07777).isEqualTo(0755);
        assertThat((int) Files.getAttribute(root.resolve("sticky"), "unix:mode") & 07777).isEqualTo(0777);
        assertThat(Files.getLastModifiedTime(root.resolve("suid")).toInstant()).isEqualTo(t);
        for (String name : List.of("null", "sda", "pipe")) {
            assertThat(root.resolve(name)).as(name).doesNotExist();
        }
    }

    @Test
    void aHardLinkInsideTheTarIsKept() throws Exception {
        byte[] tar = new TarBuilder().file("Dockerfile", "FROM x\n").file("a", "same").hardlink("b", "a").bytes();
        BuildContext c = BuildContext.ofArchive(in(tar), tmp.resolve("work"), Optional.empty());
        assertThat(Files.isSameFile(c.root().resolve("a"), c.root().resolve("b"))).isTrue();
    }

    @Test
    void theTarDockerfileIsResolvedInsideTheContext() {
        byte[] tar = new TarBuilder().symlink("Dockerfile", "/etc/hostname").bytes();
        assertThatThrownBy(() -> BuildContext.ofArchive(in(tar), tmp.resolve("work"), Optional.empty()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no Dockerfile \"Dockerfile\" in the build context");
    }

    // --- standard input ---

    @Test
    void standardInputHoldingADockerfileMeansAnEmptyContext() throws Exception {
        BuildContext c = BuildContext.ofStdin(in("FROM alpine\nRUN true\n".getBytes(StandardCharsets.UTF_8)), tmp.resolve("work"), Optional.empty());
        assertThat(c.dockerfile().text()).isEqualTo("FROM alpine\nRUN true\n");
        assertThat(names(c)).isEmpty();
        assertThat(c.root()).isEmptyDirectory();
        assertThatThrownBy(() -> c.select(List.of("x"), List.of()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("source \"x\" not found in the build context");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "zstd"})
    void standardInputHoldingATarIsTheContext(String compression) {
        BuildContext c = BuildContext.ofStdin(in(sampleTar().compress(compression)), tmp.resolve("work"), Optional.empty());
        assertThat(c.dockerfile().text()).isEqualTo("FROM tar\n");
        assertThat(names(c)).contains("src/main.go");
    }

    @Test
    void standardInputErrors() {
        assertThatThrownBy(() -> BuildContext.ofStdin(in("FROM x\n".getBytes(StandardCharsets.UTF_8)), tmp.resolve("w1"), Optional.of("other")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("-f other cannot be used when standard input is a Dockerfile rather than a context archive");
        byte[] gz = gzip("FROM x\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> BuildContext.ofStdin(in(gz), tmp.resolve("w2"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("standard input is gzip-compressed but is not a tar archive");
    }

    @Test
    void anEmptyStandardInputIsAnEmptyDockerfile() {
        BuildContext c = BuildContext.ofStdin(in(new byte[0]), tmp.resolve("work"), Optional.empty());
        assertThat(c.dockerfile().content()).isEmpty();
        assertThat(Files.isDirectory(c.root(), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private static byte[] gzip(byte[] data) {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
