package dev.stevedore.runtime.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The default seccomp filter of a RUN step, in the runtime spec's {@code linux.seccomp} shape:
 * Docker's default profile ({@code moby/profiles/seccomp/default.json}) resolved for what a
 * RUN gets — Docker's default capabilities (so the calls Docker allows only with
 * {@code CAP_SYS_ADMIN}, {@code CAP_SYS_PTRACE}, ... are refused, and {@code clone} may not
 * create namespaces), a kernel of 4.8 or later, x86 and arm. Everything else fails with
 * {@code EPERM}: {@code keyctl}, {@code add_key}, {@code unshare}, {@code mount}, {@code bpf},
 * {@code ptrace} of others' memory... ; {@code clone3} fails with {@code ENOSYS} so that the C
 * library falls back to {@code clone}, whose flags the filter can see. The data lives in
 * {@code seccomp-default.json} beside this package's runtime resources; names unknown on the
 * running architecture are skipped by runc.
 *
 * <p>The filter names only the running kernel's own architectures ({@link #nativeArchitectures}),
 * as Docker's does: a system call of another architecture can never reach this kernel (an emulated
 * program's calls are made by its x86-64 or arm64 emulator), and runc compiles the rules once per
 * named architecture on every run — five instead of three made the filter a third of runc's CPU
 * time for a {@code RUN true}.
 */
public final class SeccompProfile {

    private static final String RESOURCE = "/dev/stevedore/runtime/seccomp-default.json";

    /** Read once: the resource is part of the jar. */
    public static final Spec.Seccomp DEFAULT = forMachine(load(), System.getProperty("os.arch", ""));

    private SeccompProfile() {}

    /**
     * {@code profile} for a kernel of {@code osArch} (Java's {@code os.arch}): its architectures
     * kept to that kernel's native and compatibility ones (Docker's {@code archMap}); unchanged on a
     * machine the profile does not know.
     */
    static Spec.Seccomp forMachine(Spec.Seccomp profile, String osArch) {
        List<String> kept = nativeArchitectures(osArch).stream().filter(profile.architectures()::contains).toList();
        return kept.isEmpty() ? profile
                : new Spec.Seccomp(profile.defaultAction(), profile.defaultErrnoRet(), kept, profile.syscalls());
    }

    /** The seccomp architectures whose calls a kernel of {@code osArch} takes; empty when not known here. */
    static List<String> nativeArchitectures(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            case "aarch64", "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
            default -> List.of();
        };
    }

    private static Spec.Seccomp load() {
        try (InputStream in = SeccompProfile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE);
            }
            return new ObjectMapper().readValue(in, Spec.Seccomp.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
