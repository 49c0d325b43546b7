package dev.stevedore.runtime.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

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
 */
public final class SeccompProfile {

    private static final String RESOURCE = "/dev/stevedore/runtime/seccomp-default.json";

    /** Read once: the resource is part of the jar. */
    public static final Spec.Seccomp DEFAULT = load();

    private SeccompProfile() {}

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
