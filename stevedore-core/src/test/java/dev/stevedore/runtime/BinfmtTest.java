package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which platforms run, read from a binfmt_misc directory as the kernel shows it (files written
 * here in the kernel's format), and the registration line made from Debian's description.
 */
class BinfmtTest {

    private static final Platform AMD64 = Platform.of("linux", "amd64");
    private static final Platform ARM64 = Platform.of("linux", "arm64");

    /** Debian's /usr/share/binfmts/qemu-aarch64 of qemu-user-static 7.2. */
    private static final String DEBIAN_AARCH64 = """
            package qemu-user-static
            interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
            magic \\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00
            offset 0
            mask \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff
            credentials no
            fix_binary yes
            preserve yes
            """;

    @TempDir
    Path mount;

    private Binfmt binfmt() throws IOException {
        Files.writeString(mount.resolve("register"), "");
        Files.writeString(mount.resolve("status"), "enabled\n");
        return new Binfmt(mount, AMD64);
    }

    private void entry(String name, String state, String flags) throws IOException {
        Files.writeString(mount.resolve(name), state + "\n"
                + "interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n"
                + "flags: " + flags + "\n"
                + "offset 0\n"
                + "magic 7f454c460201010000000000000000000200b700\n"
                + "mask ffffffffffffff00fffffffffffffffffeffffff\n");
    }

    @Test
    void theHostsPlatformsRunNatively() throws IOException {
        Binfmt b = binfmt();
        assertThat(b.runs(AMD64)).isTrue();
        assertThat(b.runs(Platform.of("linux", "386"))).as("amd64 runs 386, as containerd's matcher says").isTrue();
        assertThat(b.runs(ARM64)).isFalse();
    }

    @Test
    void anAmd64HostRunsTheVariantsItsCpuLevelAllows() throws IOException {
        binfmt();
        Binfmt v2 = new Binfmt(mount, Platform.of("linux", "amd64", "v2"));
        assertThat(v2.runs(Platform.of("linux", "amd64", "v2"))).isTrue();
        assertThat(v2.runs(AMD64)).isTrue();
        assertThat(v2.runs(Platform.of("linux", "amd64", "v3"))).isFalse();
        assertThat(binfmt().runs(Platform.of("linux", "amd64", "v2"))).as("a v1 CPU").isFalse();
    }

    @Test
    void theCpuLevelComesFromCpuinfosFlags() throws IOException {
        String v2 = "cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3";
        String v3 = v2 + " avx avx2 bmi1 bmi2 f16c fma abm movbe xsave";
        assertThat(X86Level.of(java.util.Set.of("sse2", "cx16"))).isEqualTo("v1");
        assertThat(X86Level.of(java.util.Set.of(v2.split(" ")))).isEqualTo("v2");
        assertThat(X86Level.of(java.util.Set.of(v3.split(" ")))).isEqualTo("v3");
        assertThat(X86Level.of(java.util.Set.of((v3 + " avx512f avx512bw avx512cd avx512dq avx512vl").split(" "))))
                .isEqualTo("v4");
        Path cpuinfo = mount.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nflags\t\t: fpu " + v3 + " avx512f\nbugs\t\t: none\n");
        assertThat(X86Level.of(cpuinfo)).isEqualTo("v3");
        assertThat(X86Level.of(mount.resolve("absent"))).isEqualTo("v1");
    }

    @Test
    void anEnabledEntryWithTheFFlagRunsItsArchitectureAndNoOther() throws IOException {
        Binfmt b = binfmt();
        entry("qemu-aarch64", "enabled", "POCF");
        assertThat(b.runs(ARM64)).isTrue();
        assertThat(b.runs(Platform.parse("linux/arm64/v8", AMD64))).isTrue();
        assertThat(b.runs(Platform.of("linux", "arm", "v7"))).isFalse();
        assertThat(b.runs(Platform.of("linux", "s390x"))).isFalse();
        assertThat(b.whyNot(ARM64)).isEmpty();
        assertThat(b.entries()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("qemu-aarch64");
            assertThat(e.fixBinary()).isTrue();
        });
    }

    @Test
    void anEntryWithoutTheFFlagOrDisabledDoesNotRunInContainersAndTheReasonSaysSo() throws IOException {
        Binfmt b = binfmt();
        entry("qemu-aarch64", "enabled", "OC");
        assertThat(b.runs(ARM64)).isFalse();
        assertThat(b.whyNot(ARM64)).get().asString()
                .isEqualTo("RUN for platform linux/arm64 cannot run on this linux/amd64 machine: its emulator"
                        + " qemu-aarch64 is registered without the F (fix-binary) flag, so containers cannot use it;"
                        + " run `stevedore setup binfmt --install linux/arm64` as root (it needs Debian's"
                        + " qemu-user-static)");
        entry("qemu-aarch64", "disabled", "F");
        assertThat(b.runs(ARM64)).isFalse();
        assertThat(b.whyNot(ARM64)).get().asString().contains("no emulator is registered for it");
    }

    @Test
    void anUnmountedBinfmtMiscIsNamed() throws IOException {
        Binfmt b = new Binfmt(mount.resolve("absent"), AMD64);
        assertThat(b.whyNot(ARM64)).get().asString().contains("(binfmt_misc) is not mounted")
                .contains("stevedore setup binfmt --install linux/arm64");
        assertThat(b.entries()).isEmpty();
    }

    @Test
    void registersDebiansInterpreterWithTheFFlag() {
        assertThat(Binfmt.registration("qemu-aarch64", DEBIAN_AARCH64)).isEqualTo(":qemu-aarch64:M:0:"
                + "\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:"
                + "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:"
                + "/usr/libexec/qemu-binfmt/aarch64-binfmt-P:FP");
    }
}
