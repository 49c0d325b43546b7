package dev.stevedore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Resolution inside a root never leaves it, however the links point. */
class RootedPathsTest {

    @TempDir
    Path dir;

    Path root;
    Path outside;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "image");
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));          // absolute: restarts at root
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../outside"));  // climbs: stops at root
        Files.createSymbolicLink(root.resolve("host"), outside);                 // absolute host path
        Files.createSymbolicLink(root.resolve("chain1"), Path.of("chain2"));
        Files.createSymbolicLink(root.resolve("chain2"), Path.of("/abs"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(root.resolve("file-link"), Path.of("etc/passwd"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/etc/passwd,         etc/passwd",
        "etc/passwd,          etc/passwd",
        "../../etc/passwd,    etc/passwd",
        "/a/../../etc/passwd, etc/passwd",
        "abs/passwd,          etc/passwd",
        "chain1/passwd,       etc/passwd",
        "up/secret,           outside/secret",
        "file-link,           etc/passwd",
        "missing/x,           missing/x",
        "/,                   ''",
    })
    void resolvesInsideTheRoot(String path, String expected) {
        Path resolved = RootedPaths.resolve(root, path, "the test root");
        assertThat(resolved).isEqualTo(expected.isEmpty() ? root : root.resolve(expected));
        assertThat(resolved.normalize()).startsWithRaw(root);
    }

    @Test
    void anAbsoluteHostLinkIsReadInsideTheRoot() {
        Path resolved = RootedPaths.resolve(root, "host/secret", "the test root");
        assertThat(resolved).isEqualTo(RootedPaths.join(root, java.util.List.of(outside.toString().substring(1).split("/"))).resolve("secret"));
        assertThat(resolved).doesNotExist();
    }

    @Test
    void theLastComponentIsFollowedOnlyWhenAsked() {
        assertThat(RootedPaths.components(root, "file-link", "file-link", false, "the test root")).containsExactly("file-link");
        assertThat(RootedPaths.components(root, "file-link", "file-link", true, "the test root")).containsExactly("etc", "passwd");
    }

    @Test
    void aLoopIsAnInputErrorNamingThePathAndTheRoot() {
        assertThatThrownBy(() -> RootedPaths.resolve(root, "loop/x", "the test root"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot resolve \"loop/x\" in the test root: too many levels of symbolic links");
    }
}
