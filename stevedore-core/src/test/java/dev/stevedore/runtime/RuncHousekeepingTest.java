package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link RuncRuntime#cleanupStale} asks of the runtime when nothing is stale, seen through a
 * stand-in runtime that records its command lines: every build starts with it, so it must not
 * cost a process there.
 */
class RuncHousekeepingTest {

    @TempDir
    Path dir;

    @Test
    void cleanupStaleStartsNoRuntimeProcessWhenNoBuildDied() throws Exception {
        Path log = dir.resolve("calls");
        Path binary = dir.resolve("fake-runc");
        Files.writeString(binary, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        Path stateDir = dir.resolve("state");
        // the runtime's root, with a container of this very (live) process
        Files.createDirectories(stateDir.resolve("runc").resolve("run-" + ProcessHandle.current().pid() + "-live"));

        assertThat(new RuncRuntime(binary, stateDir).cleanupStale()).isEmpty();
        assertThat(log).doesNotExist();
    }

    @Test
    void cleanupStaleAsksTheRuntimeWhenAContainerOfADeadBuildIsLeft() throws Exception {
        Path log = dir.resolve("calls");
        Path binary = dir.resolve("fake-runc");
        // lists the container; kill and delete succeed
        Files.writeString(binary, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n"
                + "case \"$*\" in *list*) echo run-4194304-0a0b0c ;; esac\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        Path stateDir = dir.resolve("state");
        // pid 4194304 is above the kernel's pid_max, so never alive
        Files.createDirectories(stateDir.resolve("runc").resolve("run-4194304-0a0b0c"));

        assertThat(new RuncRuntime(binary, stateDir).cleanupStale()).containsExactly("run-4194304-0a0b0c");
        assertThat(calls(log)).anyMatch(c -> c.endsWith("list --quiet"))
                .anyMatch(c -> c.endsWith("delete --force run-4194304-0a0b0c"));
    }

    private static java.util.List<String> calls(Path log) throws IOException {
        return Files.readAllLines(log);
    }
}
