package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage errors with suggestions, every command's --help example, and the completion scripts run by real shells. */
class UsageAndHelpTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownFlagSuggestsTheClosestAndPrintsTheUsageLine() {
        CliRun run = CliRun.run("", "build", "--tga", "app:1", ".");
        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                ERROR: unknown flag: --tga (did you mean --tag?)
                Usage: stevedore build [OPTIONS] PATH | URL | -
                Run 'stevedore build --help' for more information.
                """);
        assertThat(CliRun.run("", "build", "--no-cahce", ".").err())
                .startsWith("ERROR: unknown flag: --no-cahce (did you mean --no-cache?)\n");
        assertThat(CliRun.run("", "images", "--digest").err())
                .startsWith("ERROR: unknown flag: --digest (did you mean --digests?)\n");
        assertThat(CliRun.run("", "build", "--metadata-file=x", "--label=a", "--iidfil=f", ".").err())
                .startsWith("ERROR: unknown flag: --iidfil (did you mean --iidfile?)\n");
    }

    @Test
    void anUnknownCommandSuggestsTheClosest() {
        CliRun run = CliRun.run("", "biuld", ".");
        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).startsWith("ERROR: unknown command: biuld (did you mean build?)\n");
    }

    @Test
    void aMissingContextIsAUsageError() {
        CliRun run = CliRun.run("", "build", "-t", "x");
        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).contains("Missing required parameter: 'PATH | URL | -'")
                .contains("Usage: stevedore build [OPTIONS] PATH | URL | -");
    }

    @Test
    void everyCommandsHelpHasAnExample() {
        List<List<String>> commands = new ArrayList<>();
        collect(Cli.commandLine(new StevedoreCommand(Invocation.ofProcess(System.in, System.out, System.err)), Subcommands.ALL),
                new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(20);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliRun run = CliRun.run("", args.toArray(String[]::new));
            assertThat(run.code()).as("%s --help", command).isZero();
            String examples = run.out().substring(Math.max(0, run.out().indexOf("Examples:")));
            assertThat(examples).as("the examples of %s", command).startsWith("Examples:")
                    .containsPattern("\n  stevedore |\n  .*\\| stevedore |\n  source <\\(stevedore ");
        }
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
        for (var sub : cmd.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            out.add(p);
            collect(sub.getValue(), p, out);
        }
        if (path.isEmpty()) {
            out.add(List.of());
        }
    }

    @Test
    void bashCompletesCommandsAndFlags() throws Exception {
        CliRun run = CliRun.run("", "completion", "bash");
        assertThat(run.code()).isZero();
        Path script = dir.resolve("stevedore.bash");
        Files.writeString(script, run.out(), StandardCharsets.UTF_8);
        assertThat(complete("bash", script, "stevedore bu")).contains("build");
        assertThat(complete("bash", script, "stevedore build --no-c")).contains("--no-cache", "--no-cache-filter");
        assertThat(complete("bash", script, "stevedore completion ")).contains("bash", "zsh");
    }

    @Test
    void zshCompletesThroughBashcompinit() throws Exception {
        Prerequisites.tool("zsh");
        CliRun run = CliRun.run("", "completion", "zsh");
        assertThat(run.out()).startsWith(CompletionCommand.ZSH_PRELUDE);
        Path script = dir.resolve("stevedore.zsh");
        Files.writeString(script, run.out(), StandardCharsets.UTF_8);
        assertThat(complete("zsh", script, "stevedore bu")).contains("build");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        CliRun run = CliRun.run("", "completion", "fish");
        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).contains("fish").contains("bash, zsh");
    }

    /** What the shell's completion function offers for {@code line} (words split on spaces; a trailing space starts a new word). */
    private static List<String> complete(String shell, Path script, String line) throws IOException, InterruptedException {
        String words = line.endsWith(" ") ? line + "''" : line;
        String program = "source " + script + "\n"
                + "COMP_WORDS=(" + words + ")\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "COMP_LINE='" + line + "'\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_stevedore\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder(shell, "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().map(String::strip).toList();
    }
}
