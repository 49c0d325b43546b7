package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliTest {


    @Test
    void versionNamesTheProjectAndJava() {
        CliRun r = CliRun.run("", "--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("stevedore 0.").contains("Java 25");
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
