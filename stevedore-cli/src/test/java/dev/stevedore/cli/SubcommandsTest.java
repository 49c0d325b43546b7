package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the command being run is registered with picocli; help and completion still see them all. */
class SubcommandsTest {

    @TempDir
    Path dir;

    @Test
    void theCommandBeingRunIsTheOnlyOneRegistered() {
        assertThat(Subcommands.neededFor(new String[] {"build", "-t", "app:1", "."})).containsExactly(BuildCommand.class);
        assertThat(Subcommands.neededFor(new String[] {"--root", "images", "images", "-q"}))
                .containsExactly(ImagesCommand.class);
        assertThat(Subcommands.neededFor(new String[] {"--debug", "--root=/x", "parse"})).containsExactly(ParseCommand.class);
        assertThat(Subcommands.neededFor(new String[] {"--version"})).isEmpty();
        assertThat(Subcommands.neededFor(new String[] {"-V"})).isEmpty();
    }

    @Test
    void helpCompletionAndMistakesGetThemAll() {
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-h"},
                new String[] {"help"}, new String[] {"help", "build"}, new String[] {"completion", "bash"},
                new String[] {"biuld", "."}, new String[] {"--tga"}, new String[] {"--version", "--help"},
                new String[] {"--root"})) {
            assertThat(Subcommands.neededFor(args)).as(String.join(" ", args)).isEqualTo(Subcommands.ALL);
        }
    }

    @Test
    void helpAndCompletionListEveryCommand() {
        String help = CliRun.run("", "--help").out();
        String script = CliRun.run("", "completion", "bash").out();
        String helpCommand = CliRun.run("", "help").out();
        for (Class<?> command : Subcommands.ALL) {
            String name = Subcommands.name(command);
            assertThat(help).as("--help").containsPattern("\n  " + name + " ");
            assertThat(helpCommand).as("help").containsPattern("\n  " + name + " ");
            assertThat(script).as("completion").contains(name);
        }
        assertThat(CliRun.run("", "help", "build").out()).startsWith("Usage: stevedore build ");
    }

    @Test
    void theRootsOptionsStillWorkAfterTheCommand() {
        CliRun run = CliRun.run("", "images", "-q", "--root", dir.resolve("store").toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(dir.resolve("store")).isDirectory();
    }
}
