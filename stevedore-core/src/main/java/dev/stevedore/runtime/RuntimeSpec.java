package dev.stevedore.runtime;

import dev.stevedore.runtime.spec.Spec;
import dev.stevedore.runtime.spec.SpecOpts;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Turns a {@link ProcessSpec} into the OCI runtime spec of its run: Docker's defaults (see
 * {@link SpecOpts}), then the process, its user, its network and its mounts. Pure: the user is
 * resolved and the {@code /etc} files are written by the caller.
 */
public final class RuntimeSpec {

    /** File names of the generated {@code /etc} files in the run's private directory. */
    static final String HOSTS = "hosts";
    static final String RESOLV_CONF = "resolv.conf";
    static final String HOSTNAME = "hostname";

    private RuntimeSpec() {}

    /**
     * @param rootfs the root filesystem directory (absolute)
     * @param etcDir the private directory holding {@code hosts}, {@code resolv.conf} and {@code hostname}
     */
    public static Spec build(ProcessSpec process, Path rootfs, ResolvedUser user, Path etcDir) {
        return SpecOpts.compose(Spec.empty(), options(process, rootfs, user, etcDir));
    }

    static List<UnaryOperator<Spec>> options(ProcessSpec process, Path rootfs, ResolvedUser user, Path etcDir) {
        long shm = process.sandbox().shmSizeBytes();
        return List.of(
                SpecOpts.rootfs(rootfs.toString()),
                SpecOpts.args(process.args()),
                SpecOpts.env(Environment.complete(process.env(), process.hostname(), user.home())),
                SpecOpts.cwd(process.cwd()),
                SpecOpts.terminal(process.stdio().terminal()),
                SpecOpts.user(user.uid(), user.gid(), user.additionalGids()),
                SpecOpts.hostname(process.hostname()),
                SpecOpts.defaultCapabilities(),
                SpecOpts.defaultRlimits(),
                SpecOpts.rlimits(process.sandbox().ulimits().stream()
                        .map(u -> new Spec.Rlimit(u.rlimitType(), u.hard(), u.soft())).toList()),
                SpecOpts.namespaces(process.network() != NetworkMode.HOST),
                SpecOpts.defaultMounts(process.network() != NetworkMode.HOST),
                shm == 0 ? UnaryOperator.identity() : SpecOpts.shmSize(shm),
                SpecOpts.defaultDevices(),
                SpecOpts.defaultMaskedPaths(),
                SpecOpts.defaultSeccomp(),
                switch (process.sandbox().security()) {
                    case SANDBOX -> UnaryOperator.<Spec>identity();
                    case INSECURE -> SpecOpts.insecure(BoundingSet.MASK);
                },
                SpecOpts.addMounts(etcMounts(etcDir)),
                SpecOpts.addMounts(process.mounts().stream().map(RuntimeSpec::mount).toList()));
    }

    private static List<Spec.Mount> etcMounts(Path etcDir) {
        return List.of(
                etcMount("/etc/hosts", etcDir.resolve(HOSTS)),
                etcMount("/etc/resolv.conf", etcDir.resolve(RESOLV_CONF)),
                etcMount("/etc/hostname", etcDir.resolve(HOSTNAME)));
    }

    private static Spec.Mount etcMount(String target, Path source) {
        return new Spec.Mount(target, "bind", source.toString(), List.of("rbind", "ro"));
    }

    static Spec.Mount mount(RunMount mount) {
        return switch (mount) {
            case RunMount.Bind b -> new Spec.Mount(b.target(), "bind", b.source().toString(),
                    List.of("rbind", b.readOnly() ? "ro" : "rw"));
            case RunMount.Tmpfs t -> new Spec.Mount(t.target(), "tmpfs", "tmpfs", t.sizeBytes() == 0
                    ? List.of("nosuid", "nodev", "mode=1777")
                    : List.of("nosuid", "nodev", "mode=1777", "size=" + t.sizeBytes()));
        };
    }
}
