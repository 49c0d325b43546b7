package dev.stevedore.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Path cleaning and containment of COPY/ADD sources: nothing ever resolves outside the root. */
class ContextResolverTest {

    @TempDir
    Path tmp;

    private BuildContext context;
    private Path root;

    @BeforeEach
    void tree() {
        Tree.at(tmp).file("outside/secret", "host secret").file("etc/passwd", "host passwd");
        Tree t = Tree.at(tmp.resolve("ctx"))
                .file("Dockerfile", "FROM scratch\n")
                .file("a/b/file", "f").file("a/x", "ax").file("x", "x").file("etc/passwd", "ctx passwd")
                .link("link-abs", "/a").link("link-rel", "a/b").link("link-dot", ".")
                .link("out-abs", "/etc").link("out-rel", "../../../etc").link("esc", "../outside")
                .link("esc-abs", tmp.resolve("outside").toString())
                .link("chain1", "chain2").link("chain2", "a/../chain3").link("chain3", "/../../a/b")
                .link("loop1", "loop2").link("loop2", "loop1").link("self", "self")
                .link("a/up", "../..").link("file-link", "x");
        context = BuildContext.ofDirectory(t.root(), Optional.empty());
        root = context.root();
    }

    @AfterEach
    void removeLinks() throws Exception {
        Tree.removeSymlinks(tmp);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            x                 | x
            ../x              | x
            ../../../x        | x
            /x                | x
            a/../../b         | b
            ./a/./b/          | a/b
            a//b///file       | a/b/file
            a/b/../x          | a/x
            ''                | .
            .                 | .
            ..                | .
            /                 | .
            link-rel/file     | a/b/file
            link-rel          | link-rel
            link-abs/x        | a/x
            link-rel/../x     | x
            link-dot/link-dot/x | x
            out-abs/passwd    | etc/passwd
            out-rel/passwd    | etc/passwd
            esc/secret        | outside/secret
            esc-abs/secret    | ESC_ABS
            chain1/file       | a/b/file
            a/up/x            | x
            a/up/a/up/a/x     | a/x
            file-link         | file-link
            """)
    void cleansAndStaysInside(String source, String expected) {
        ContextPath p = context.resolve(source);
        String want = expected.equals("ESC_ABS") ? tmp.resolve("outside").toString().substring(1) + "/secret" : expected;
        assertThat(p.path()).isEqualTo(want);
        assertThat(p.hostPath()).isEqualTo(want.equals(".") ? root : root.resolve(want));
        assertThat(p.hostPath().normalize()).startsWithRaw(root);
    }

    @ParameterizedTest
    @CsvSource({"loop1/x", "self/x", "loop2/a/b"})
    void aSymlinkLoopIsAClearError(String source) {
        assertThatThrownBy(() -> context.resolve(source))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot resolve \"" + source + "\" in the build context: too many levels of symbolic links");
    }

    @Test
    void aLoopAsTheLastComponentIsNotFollowed() {
        assertThat(context.resolve("loop1").path()).isEqualTo("loop1");
    }

    @Test
    void symlinksPointingOutNeverReadTheHost() throws Exception {
        // the host's /etc/passwd and ../outside/secret exist; the context's own files are what we get
        for (String source : List.of("out-abs/passwd", "out-rel/passwd")) {
            assertThat(Files.readString(context.resolve(source).hostPath())).isEqualTo("ctx passwd");
        }
        assertThat(Files.exists(context.resolve("esc/secret").hostPath())).isFalse();
        assertThat(Files.exists(context.resolve("esc-abs/secret").hostPath())).isFalse();
    }

    @Test
    void aPathTheHostCannotRepresentIsInvalidInput() {
        assertThatThrownBy(() -> context.resolve("a/\0b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid path \"a/\0b\" in the build context");
    }
}
