package dev.stevedore.exec.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkouts of a repository the test makes with the git CLI, fetched through {@code file://}:
 * {@code main} (the default branch) has two commits, {@code v1} (annotated) and {@code light}
 * (lightweight) tag the first, {@code feature} branches off the first.
 */
class GitTest {

    @TempDir
    static Path shared;
    static String url;
    static String first;
    static String second;
    static String feature;

    @TempDir
    Path into;

    @BeforeAll
    static void makeRepository() throws Exception {
        Path repo = Files.createDirectory(shared.resolve("repo"));
        git(repo, "init", "--quiet", "--initial-branch=main");
        write(repo, "README", "one\n");
        write(repo, "docs/guide.md", "v1\n");
        git(repo, "add", "-A");
        git(repo, "commit", "--quiet", "-m", "first");
        first = git(repo, "rev-parse", "HEAD");
        git(repo, "tag", "-a", "v1", "-m", "version 1");
        git(repo, "tag", "light");
        git(repo, "checkout", "--quiet", "-b", "feature");
        write(repo, "feature.txt", "feature\n");
        git(repo, "add", "-A");
        git(repo, "commit", "--quiet", "-m", "feature");
        feature = git(repo, "rev-parse", "HEAD");
        git(repo, "checkout", "--quiet", "main");
        write(repo, "README", "two\n");
        write(repo, "docs/guide.md", "v2\n");
        write(repo, "docs/sub/deep.txt", "deep\n");
        Files.createSymbolicLink(repo.resolve("out"), Path.of("../.."));
        Files.createSymbolicLink(repo.resolve("manual"), Path.of("docs"));
        git(repo, "add", "-A");
        git(repo, "commit", "--quiet", "-m", "second");
        second = git(repo, "rev-parse", "HEAD");
        url = "file://" + repo;
    }

    static void write(Path repo, String name, String content) throws IOException {
        Path file = repo.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Runs git as a user would, but isolated from this machine's configuration. */
    static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=t@example.com"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("HOME", shared.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as("git %s: %s", command, out).isZero();
        return out;
    }

    static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    GitCheckout checkout(GitRef ref, boolean keepGitDir) throws IOException {
        return Git.checkout(ref, keepGitDir, into);
    }

    @Test
    void theDefaultBranchWithoutGitDir() throws IOException {
        GitCheckout c = checkout(GitRef.of(url), false);
        assertThat(c.commit()).isEqualTo(second);
        assertThat(c.dir()).isEqualTo(into.resolve("checkout"));
        assertThat(tree(c.dir())).containsExactly("README", "docs", "docs/guide.md", "docs/sub", "docs/sub/deep.txt",
                "manual", "out");
        assertThat(c.dir().resolve("README")).hasContent("two");
        assertThat(Files.readSymbolicLink(c.dir().resolve("out"))).isEqualTo(Path.of("../.."));
        try (Stream<Path> s = Files.list(into)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("checkout"); // scratch HOME gone
        }
    }

    @Test
    void aBranch() throws IOException {
        GitCheckout c = checkout(GitRef.of(url).at("feature"), false);
        assertThat(c.commit()).isEqualTo(feature);
        assertThat(tree(c.dir())).containsExactly("README", "docs", "docs/guide.md", "feature.txt");
    }

    @Test
    void annotatedAndLightweightTagsResolveToTheirCommit() throws IOException {
        GitCheckout c = checkout(GitRef.of(url).at("v1"), false);
        assertThat(c.commit()).isEqualTo(first);
        assertThat(c.dir().resolve("README")).hasContent("one");
        Path other = Files.createDirectory(into.resolve("other"));
        assertThat(Git.checkout(GitRef.of(url).at("light"), false, other).commit()).isEqualTo(first);
    }

    @Test
    void aFullCommitSha() throws IOException {
        GitCheckout c = checkout(GitRef.of(url).at(first), false);
        assertThat(c.commit()).isEqualTo(first);
        assertThat(tree(c.dir())).containsExactly("README", "docs", "docs/guide.md");
    }

    @Test
    void aSubdirectory() throws IOException {
        GitCheckout c = checkout(GitRef.of(url).at("main").inSubdir("docs"), false);
        assertThat(c.commit()).isEqualTo(second);
        assertThat(tree(c.dir())).containsExactly("guide.md", "sub", "sub/deep.txt");
        assertThat(c.dir().resolve("guide.md")).hasContent("v2");
        GitCheckout nested = Git.checkout(GitRef.of(url).inSubdir("./docs/sub/"), false,
                Files.createDirectory(into.resolve("n")));
        assertThat(tree(nested.dir())).containsExactly("deep.txt");
    }

    @Test
    void aSubdirectoryThroughASymlinkInsideTheRepository() throws IOException {
        GitCheckout c = checkout(GitRef.of(url).inSubdir("manual"), false);
        assertThat(tree(c.dir())).containsExactly("guide.md", "sub", "sub/deep.txt");
    }

    @Test
    void keepGitDirKeepsAUsableRepository() throws Exception {
        GitCheckout c = checkout(GitRef.of(url).at("v1"), true);
        assertThat(c.dir().resolve(".git")).isDirectory();
        assertThat(git(c.dir(), "rev-parse", "HEAD")).isEqualTo(first);
        assertThat(git(c.dir(), "remote", "get-url", "origin")).isEqualTo(url);
        assertThat(git(c.dir(), "status", "--porcelain")).isEmpty();
        assertThat(c.dir().resolve(".git/hooks")).doesNotExist(); // no templates
    }

    @Test
    void keepGitDirWithASubdirHasNoGitDirInTheSubdir() throws IOException {
        GitCheckout c = checkout(GitRef.of(url).inSubdir("docs"), true);
        assertThat(tree(c.dir())).containsExactly("guide.md", "sub", "sub/deep.txt");
    }

    @Test
    void anUnknownBranchIsNotFound() {
        assertThatThrownBy(() -> checkout(GitRef.of(url).at("nope"), false))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("ADD " + url + "#nope: git fetch failed: fatal: couldn't find remote ref nope");
    }

    @Test
    void anUnknownRepositoryIsNotFound() {
        String missing = "file://" + shared.resolve("missing");
        assertThatThrownBy(() -> checkout(GitRef.of(missing), false))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("ADD " + missing + ": git fetch failed: fatal: '" + shared.resolve("missing")
                        + "' does not appear to be a git repository");
    }

    @Test
    void anUnknownCommitIsNotFound() {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        assertThatThrownBy(() -> checkout(GitRef.of(url).at(sha), false))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("ADD " + url + "#" + sha + ": commit " + sha + " is not in the repository");
    }

    @Test
    void subdirectoryErrors() throws IOException {
        record Case(String subdir, Class<?> type, String message) {}
        Case[] cases = {
            new Case("nope", NotFoundException.class,
                    "subdirectory \"nope\" does not exist in commit " + second),
            new Case("../x", InvalidInputException.class, "subdirectory \"../x\" is outside the repository"),
            new Case("out", InvalidInputException.class,
                    "subdirectory \"out\" is a symlink that leads outside the repository"),
            new Case("README", InvalidInputException.class,
                    "subdirectory \"README\" is not a directory in commit " + second),
        };
        int i = 0;
        for (Case c : cases) {
            Path dir = Files.createDirectory(into.resolve("case" + i++));
            GitRef ref = GitRef.of(url).inSubdir(c.subdir());
            assertThatThrownBy(() -> Git.checkout(ref, false, dir))
                    .isInstanceOf(c.type())
                    .hasMessage("ADD " + url + "#:" + c.subdir() + ": " + c.message());
        }
    }

    @Test
    void refsThatLookLikeOptionsAreRefused() {
        assertThatThrownBy(() -> checkout(GitRef.of(url).at("--upload-pack=touch /tmp/x"), false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ADD " + url + "#--upload-pack=touch /tmp/x: invalid git ref \"--upload-pack=touch /tmp/x\": "
                        + "it starts with \"-\"");
    }
}
