package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.Sentences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors stay sentences whatever the input is: a 5,000-character path and a megabyte of RUN
 * line are shown by their ends, and running out of memory says what to do, with no stack trace.
 */
class LongInputErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void aPathOf5000CharactersIsShortenedInTheError() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        String name = "x".repeat(5_000);
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY " + name + " /\n");

        CliRun run = CliRun.run("", "--root", tmp.resolve("store").toString(), "build", "--progress", "plain",
                context.toString());

        assertThat(run.code()).isEqualTo(Cli.FAILED);
        String error = run.err().lines().filter(l -> l.startsWith("ERROR:")).findFirst().orElseThrow();
        assertThat(error).contains("xxx…(5,000 characters)…xxx").hasSizeLessThan(600);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void aMegabyteOfRunLineIsNotRepeatedWholeInTheError() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        String line = "RUN --mount=type=nonsense " + "echo a && ".repeat(100_000) + "true";
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n" + line + "\n");

        CliRun run = CliRun.run("", "--root", tmp.resolve("store").toString(), "build", "--progress", "plain",
                context.toString());

        assertThat(run.code()).isEqualTo(Cli.FAILED);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("ERROR:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst()).hasSizeLessThan(Sentences.LONGEST_TEXT + 100);
        assertThat(run.err()).as("the excerpt shows the line by its ends").contains("characters)…");
        assertThat(run.err().length()).as("all of stderr").isLessThan(50_000);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void runningOutOfMemoryIsASentenceWithWhatToDo() {
        String message = Cli.userMessage(new InternalException("cannot write layer",
                new OutOfMemoryError("Java heap space")));

        assertThat(message).startsWith("the command ran out of memory (Java heap space, with a heap of at most ")
                .contains("raise -Xmx");
    }
}
