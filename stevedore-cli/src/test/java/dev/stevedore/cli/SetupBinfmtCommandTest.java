package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.Prerequisites;
import org.junit.jupiter.api.Test;

/** {@code stevedore setup binfmt}: registers qemu-user-static's emulators (root), idempotently, and lists them. */
class SetupBinfmtCommandTest {

    @Test
    void installsTheArm64EmulatorWithTheFFlagAgainAndAgainAndListsIt() {
        Prerequisites.root();
        Prerequisites.tool("qemu-aarch64-static");
        CliRun first = CliRun.run("", "setup", "binfmt", "--install", "linux/arm64,linux/amd64");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("linux/arm64: (registered|already registered)\n")
                .contains("linux/amd64: native\n")
                .containsPattern("qemu-aarch64\tenabled\tflags: [A-Z]*F[A-Z]*\t");
        CliRun again = CliRun.run("", "setup", "binfmt", "--install", "linux/aarch64");
        assertThat(again.out()).contains("linux/arm64: already registered\n");
        CliRun list = CliRun.run("", "setup", "binfmt");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("qemu-aarch64\tenabled").doesNotContain("registered\n");
    }

    @Test
    void anUnknownPlatformIsOneSentence() {
        CliRun r = CliRun.run("", "setup", "binfmt", "--install", "linux/*");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("invalid platform \"linux/*\"").doesNotContain("Exception");
    }
}
