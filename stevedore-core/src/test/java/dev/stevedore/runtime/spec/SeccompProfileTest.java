package dev.stevedore.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeccompProfileTest {

    @Test
    void theFilterNamesOnlyTheArchitecturesOfTheRunningKernel() {
        var architectures = assertThat(SeccompProfile.DEFAULT.architectures());
        switch (System.getProperty("os.arch")) {
            case "amd64" -> architectures.containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            case "aarch64" -> architectures.containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
            default -> architectures.hasSize(5);
        }
    }

    @Test
    void eachKnownKernelKeepsItsOwnAndItsCompatibilityArchitecturesAndTheRules() {
        Spec.Seccomp all = new Spec.Seccomp("SCMP_ACT_ERRNO", 1, java.util.List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
                "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), SeccompProfile.DEFAULT.syscalls());
        assertThat(SeccompProfile.forMachine(all, "amd64").architectures())
                .containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        assertThat(SeccompProfile.forMachine(all, "aarch64").architectures())
                .containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
        assertThat(SeccompProfile.forMachine(all, "riscv64")).isEqualTo(all);
        assertThat(SeccompProfile.forMachine(all, "aarch64").syscalls()).isEqualTo(all.syscalls());
    }
}
