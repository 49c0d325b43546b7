package dev.stevedore.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** COPY/ADD source selection: wildcards, directories, .dockerignore, --exclude, --parents. */
class SourceSelectorTest {

    @TempDir
    Path tmp;

    private BuildContext context;

    @BeforeEach
    void tree() {
        Tree t = Tree.at(tmp.resolve("ctx"))
                .file("Dockerfile", "FROM scratch\nCOPY . /\n")
                .file(".dockerignore", "secret.txt\ndocs\n!docs/keep.md\nDockerfile\n*.log\n!important.log\n")
                .file("a.txt", "a").file("b.txt", "b").file(".hidden", "h").file("c.md", "c")
                .file("secret.txt", "s").file("important.log", "i").file("debug.log", "d").file("star*name", "*")
                .file("src/main.go", "m").file("src/util/u.go", "u").file("src/util/u_test.go", "t")
                .file("src/.env", "e").dir("src/empty")
                .file("docs/a.md", "a").file("docs/keep.md", "k")
                .file("x/y/z.txt", "xz").file("w/y/z.txt", "wz")
                .link("dir-link", "src").link("file-link", "a.txt").link("out-link", "/etc")
                .link("loop", "loop").link("dangling", "nope").link("secret-link", "secret.txt")
                .link("links/up", "../a.txt").link("links/abs", "/src/main.go");
        context = BuildContext.ofDirectory(t.root(), Optional.empty());
    }

    @AfterEach
    void removeLinks() throws Exception {
        Tree.removeSymlinks(tmp);
    }

    /** Each entry as {@code source>destination}, directories marked with a trailing slash. */
    private List<String> select(List<String> sources, List<String> excludes, boolean parents) {
        return context.select(sources, excludes, parents).stream()
                .map(e -> context.root().relativize(e.hostPath()) + (e.type() == SelectedEntry.Type.DIRECTORY ? "/" : "")
                        + (e.type() == SelectedEntry.Type.SYMLINK ? "@" : "") + ">" + e.destination())
                .toList();
    }

    private List<String> select(String... sources) {
        return select(List.of(sources), List.of(), false);
    }

    /** Expected entries as {@code source>destination}; {@code **}{@code /*.go} also reaches main.go through dir-link. */
    @ParameterizedTest(name = "COPY {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a.txt           | a.txt>a.txt
            ../a.txt        | a.txt>a.txt
            /a.txt          | a.txt>a.txt
            ./src/../a.txt  | a.txt>a.txt
            *.txt           | a.txt>a.txt,b.txt>b.txt
            ?.txt           | a.txt>a.txt,b.txt>b.txt
            [ab].txt        | a.txt>a.txt,b.txt>b.txt
            [^a].txt        | b.txt>b.txt
            [a-b].t?t       | a.txt>a.txt,b.txt>b.txt
            star\\*name     | star*name>star*name
            star*           | star*name>star*name
            .h*             | .hidden>.hidden
            **/*.go         | src/main.go>main.go,src/main.go>main.go
            */y/z.txt       | w/y/z.txt>z.txt,x/y/z.txt>z.txt
            src/util/u.go   | src/util/u.go>u.go
            file-link       | a.txt>file-link
            file-l*         | a.txt>file-link
            links/up        | a.txt>up
            links/abs       | src/main.go>abs
            links/*         | src/main.go>abs,a.txt>up
            dir-link/main.go | src/main.go>main.go
            *.log           | important.log>important.log
            important.log   | important.log>important.log
            docs/keep.md    | docs/keep.md>keep.md
            """)
    void selectsAsBuildKit(String source, String expected) {
        assertThat(select(source)).containsExactly(expected.split(","));
    }

    @Test
    void aDirectorySourceMeansItsContentsWalkedInNameOrder() {
        assertThat(select("src")).containsExactly(
                "src/.env>.env", "src/empty/>empty", "src/main.go>main.go", "src/util/>util",
                "src/util/u.go>util/u.go", "src/util/u_test.go>util/u_test.go");
    }

    @Test
    void aWildcardMatchingDirectoriesCopiesTheirContentsAndStarMatchesHiddenFiles() {
        assertThat(select("src/*")).containsExactly(
                "src/.env>.env", "src/main.go>main.go", "src/util/u.go>u.go", "src/util/u_test.go>u_test.go");
    }

    @Test
    void aSymlinkToADirectoryAsTheSourceIsWalkedInsideTheContext() {
        assertThat(select("dir-link")).isEqualTo(select("src"));
    }

    @Test
    void theWholeContextLeavesOutWhatDockerignoreExcludes() {
        assertThat(select(".")).containsExactly(
                ".dockerignore>.dockerignore", ".hidden>.hidden", "a.txt>a.txt", "b.txt>b.txt", "c.md>c.md",
                "dangling@>dangling", "dir-link@>dir-link", "docs/keep.md>docs/keep.md", "file-link@>file-link",
                "important.log>important.log", "links/>links", "links/abs@>links/abs", "links/up@>links/up",
                "loop@>loop", "out-link@>out-link", "secret-link@>secret-link",
                "src/>src", "src/.env>src/.env", "src/empty/>src/empty", "src/main.go>src/main.go", "src/util/>src/util",
                "src/util/u.go>src/util/u.go", "src/util/u_test.go>src/util/u_test.go", "star*name>star*name",
                "w/>w", "w/y/>w/y", "w/y/z.txt>w/y/z.txt", "x/>x", "x/y/>x/y", "x/y/z.txt>x/y/z.txt");
    }

    @Test
    void anExcludedDirectoryShowsOnlyWhatIsReincluded() {
        assertThat(select("docs")).containsExactly("docs/keep.md>keep.md");
        assertThat(select("do*")).containsExactly("docs/keep.md>keep.md");
    }

    @Test
    void theDockerfileIsReadEvenWhenIgnoredButNotCopied() {
        assertThat(context.dockerfile().text()).isEqualTo("FROM scratch\nCOPY . /\n");
        assertThat(context.dockerfile().name()).isEqualTo("Dockerfile");
        assertThatThrownBy(() -> select("Dockerfile"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("source \"Dockerfile\" is excluded by .dockerignore");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            secret.txt     | source "secret.txt" is excluded by .dockerignore
            debug.log      | source "debug.log" is excluded by .dockerignore
            docs/a.md      | source "docs/a.md" is excluded by .dockerignore
            nope           | source "nope" not found in the build context
            a.txt/x        | source "a.txt/x" not found in the build context
            out-link/passwd | source "out-link/passwd" not found in the build context
            out-link       | source "out-link" is a symbolic link to "etc", which is not found in the build context
            dangling       | source "dangling" is a symbolic link to "nope", which is not found in the build context
            secret-link    | source "secret-link" is a symbolic link to "secret.txt", which is not found in the build context
            """)
    void aSourceSelectingNothingIsAnErrorNamingIt(String source, String message) {
        assertThatThrownBy(() -> select(source)).isInstanceOf(NotFoundException.class).hasMessage(message);
    }

    /** BuildKit's AllowEmptyWildcard: only a source without wildcards must exist. */
    @ParameterizedTest
    @CsvSource(textBlock = """
            *.nope
            **/z.txt
            secret.*
            nope/*
            a.txt/*
            """)
    void aWildcardMatchingNothingSelectsNothing(String source) {
        assertThat(select(source)).isEmpty();
        assertThat(select(source, "a.txt")).containsExactly("a.txt>a.txt");
    }

    @Test
    void symlinksInsideACopiedDirectoryStaySymlinks() {
        assertThat(select("links")).containsExactly("links/abs@>abs", "links/up@>up");
    }

    @Test
    void malformedPatternsAreInvalidInput() {
        assertThatThrownBy(() -> select("a["))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid source \"a[\": it has a malformed or unclosed [...] expression");
        assertThatThrownBy(() -> select(List.of("src"), List.of("[x-]"), false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"[x-]\"");
        assertThatThrownBy(() -> select("loop"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too many levels of symbolic links");
        assertThatThrownBy(() -> select("loop/x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void excludePatternsApplyRelativeToTheSource() {
        assertThat(select(List.of("src"), List.of("**/*_test.go", ".env"), false)).containsExactly(
                "src/empty/>empty", "src/main.go>main.go", "src/util/>util", "src/util/u.go>util/u.go");
        assertThat(select(List.of("src"), List.of("util", "!util/u.go"), false)).containsExactly(
                "src/.env>.env", "src/empty/>empty", "src/main.go>main.go", "src/util/u.go>util/u.go");
        assertThat(select(List.of("*.txt", "c.md"), List.of("b*"), false)).containsExactly("a.txt>a.txt", "c.md>c.md");
    }

    @Test
    void parentsKeepsTheSourcePath() {
        assertThat(select(List.of("x/y/z.txt", "w/y/z.txt"), List.of(), true))
                .containsExactly("x/y/z.txt>x/y/z.txt", "w/y/z.txt>w/y/z.txt");
        assertThat(select(List.of("*/y/z.txt"), List.of(), true))
                .containsExactly("w/y/z.txt>w/y/z.txt", "x/y/z.txt>x/y/z.txt");
        assertThat(select(List.of("src/util"), List.of(), true))
                .containsExactly("src/util/u.go>src/util/u.go", "src/util/u_test.go>src/util/u_test.go");
        assertThat(select(List.of("./x/./y/z.txt"), List.of(), true)).containsExactly("x/y/z.txt>y/z.txt");
        assertThat(select(List.of("x/./y"), List.of(), true)).containsExactly("x/y/z.txt>y/z.txt");
        assertThat(select(List.of("x/./y/z.txt"), List.of(), false)).containsExactly("x/y/z.txt>z.txt");
    }

    @Test
    void sourcesKeepTheirOrder() {
        assertThat(select("b.txt", "a.txt", "b.txt")).containsExactly("b.txt>b.txt", "a.txt>a.txt", "b.txt>b.txt");
    }

    @Test
    void entriesPointInsideTheContext() {
        for (SelectedEntry e : context.select(List.of("."), List.of())) {
            assertThat(e.hostPath()).startsWithRaw(context.root());
            assertThat(e.hostPath().normalize()).isEqualTo(e.hostPath());
        }
    }
}
