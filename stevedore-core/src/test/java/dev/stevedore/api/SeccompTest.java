package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.runtime.Entitlement;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.runtime.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN is confined like Docker's: its default seccomp profile refuses the kernel keyring and new
 * namespaces, ordinary commands work; {@code --security=insecure} with its entitlement lifts
 * it. The probe is a small C program the test compiles (static, so the busybox image runs it).
 * Needs root, runc, busybox and gcc.
 */
class SeccompTest {

    @TempDir
    Path dir;

    private BuildHarness h;

    private static final String PROBE = """
            #define _GNU_SOURCE
            #include <errno.h>
            #include <sched.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/mount.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            static void say(const char *what, long r) { printf("%s: %s\\n", what, r < 0 ? strerror(errno) : "ok"); }
            int main(void) {
                say("add_key", syscall(SYS_add_key, "user", "stevedore-probe", "x", 1, -4));
                say("keyctl", syscall(SYS_keyctl, 0, -4, 0));
                long u = unshare(CLONE_NEWUSER | CLONE_NEWNS);
                say("unshare", u);
                say("mount", mount("none", "/tmp", "tmpfs", 0, NULL));
                return 0;
            }
            """;

    private static final String DOCKERFILE = """
            FROM busybox
            COPY probe /probe
            RUN%s /probe > /probe.out && grep Seccomp: /proc/self/status >> /probe.out \\
             && echo ordinary > /ordinary && cat /ordinary >> /probe.out
            """;

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        h = new BuildHarness(dir);
        Path source = dir.resolve("probe.c");
        Files.writeString(source, PROBE);
        Process gcc = new ProcessBuilder("gcc", "-static", "-O", "-o", h.context.resolve("probe").toString(),
                source.toString()).inheritIO().start();
        assertThat(gcc.waitFor()).as("gcc compiles the probe").isZero();
    }

    @Test
    void runGetsDockersSeccompProfile() throws IOException {
        h.build(DOCKERFILE.formatted(""));

        assertThat(probeOutput()).containsExactly(
                "add_key: Operation not permitted",
                "keyctl: Operation not permitted",
                "unshare: Operation not permitted",
                "mount: Operation not permitted",
                "Seccomp:\t2",
                "ordinary");
    }

    @Test
    void anInsecureRunWithItsEntitlementHasNoSeccompFilter() throws IOException {
        h.build(DOCKERFILE.formatted(" --security=insecure"), r -> r.sandbox(Sandbox.DEFAULT
                .withAllowed(Set.of(Entitlement.SECURITY_INSECURE))));

        // not unshare: a kernel refuses a new user namespace to a process under a chroot (a host
        // that is itself a chroot, as tools/fresh-machine-check.sh's), seccomp or not
        assertThat(probeOutput()).contains("Seccomp:\t0", "keyctl: ok", "mount: ok");
    }

    @Test
    void aBuildWithSecurityInsecureHasNoSeccompFilter() throws IOException {
        h.build(DOCKERFILE.formatted(""), r -> r.sandbox(Sandbox.DEFAULT
                .withAllowed(Set.of(Entitlement.SECURITY_INSECURE)).withSecurity(Security.INSECURE)));

        assertThat(probeOutput()).contains("Seccomp:\t0");
    }

    @Test
    void anInsecureRunWithoutTheEntitlementIsRefusedWithItsLine() {
        assertThatThrownBy(() -> h.build(DOCKERFILE.formatted(" --security=insecure")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Dockerfile:3")
                .hasMessageContaining("RUN --security=insecure needs the security.insecure entitlement: "
                        + "build with --allow security.insecure");
    }

    @Test
    void aBuildWithSecurityInsecureNeedsTheEntitlement() {
        assertThatThrownBy(() -> Sandbox.DEFAULT.withSecurity(Security.INSECURE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--security=insecure needs the security.insecure entitlement: add --allow security.insecure");
    }

    /** The lines the RUN wrote to {@code /probe.out}, read from its snapshot. */
    private List<String> probeOutput() throws IOException {
        try (Stream<Path> files = Files.walk(h.root.resolve("snapshots"))) {
            Path out = files.filter(p -> p.endsWith("fs/probe.out")).findFirst().orElseThrow();
            return Files.readAllLines(out);
        }
    }
}
