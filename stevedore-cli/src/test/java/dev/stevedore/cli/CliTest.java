package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    @Test
    void versionNamesTheProjectTheCommitAndJava() throws Exception {
        Prerequisites.tool("git");
        CliRun r = CliRun.run("", "--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("stevedore 0.").contains("Java 25");
        Matcher commit = Pattern.compile(" \\(commit ([0-9a-f]{12})(-dirty)?\\)").matcher(r.out());
        assertThat(commit.find()).as(r.out()).isTrue();
        // this checkout's own HEAD when the jar was built (a worktree's too): HEAD or, after a
        // commit since, one of its ancestors
        Path repository = Path.of(System.getProperty("stevedore.repository"));
        Process git = new ProcessBuilder("git", "-C", repository.toString(), "merge-base", "--is-ancestor",
                commit.group(1), "HEAD").redirectErrorStream(true).start();
        String said = new String(git.getInputStream().readAllBytes()).strip();
        assertThat(git.waitFor()).as("commit %s of %s in this checkout's history: %s", commit.group(1), r.out(), said)
                .isZero();
    }

    @Test
    void aBuildWithoutGitHasNoCommitAndStillBuilds() throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tarball/tools"));
        Files.copy(Path.of(System.getProperty("stevedore.repository"), "tools/commit.sh"), tools.resolve("commit.sh"));
        Path out = dir.resolve("classes/commit.properties");
        Process p = new ProcessBuilder("bash", tools.resolve("commit.sh").toString(), out.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(said).isZero();
        assertThat(out).as("a source tarball: no .git above it").hasContent("commit=");
    }

    @Test
    void helpListsCommands() {
        CliRun r = CliRun.run("", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: stevedore").contains("help");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.run("", "--frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("""
                ERROR: unknown flag: --frobnicate
                Usage: stevedore [-hV] [--debug] [--root=DIR] [COMMAND]
                Run 'stevedore --help' for more information.
                """);
    }
}
