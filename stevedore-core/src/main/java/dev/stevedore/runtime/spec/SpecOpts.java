package dev.stevedore.runtime.spec;

import dev.stevedore.linux.UserNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Composable modifiers of a {@link Spec}, in the style of containerd's {@code spec_opts}: each
 * option sets one concern, so a spec is {@code empty()} passed through a list of them. The
 * defaults are Docker's ({@code moby/oci/defaults.go}), so a RUN step sees what it would see
 * under {@code docker build}.
 */
public final class SpecOpts {

    private SpecOpts() {}

    /** Docker's default capability set: 14 capabilities, mask {@code 00000000a80425fb}. */
    public static final List<String> DEFAULT_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    public static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    public static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /**
     * Open files, soft and hard: what a RUN step of {@code docker build} gets (BuildKit uses
     * containerd's default spec). Higher limits fail where Stevedore lacks
     * {@code CAP_SYS_RESOURCE} and its own hard limit is lower, as in some sandboxes.
     */
    public static final long NOFILE = 1024L;

    /** Applies {@code options} in order. */
    public static Spec compose(Spec spec, List<UnaryOperator<Spec>> options) {
        Spec result = spec;
        for (UnaryOperator<Spec> option : options) {
            result = option.apply(result);
        }
        return result;
    }

    public static UnaryOperator<Spec> rootfs(String path) {
        return s -> s.withRoot(new Spec.Root(path, false));
    }

    public static UnaryOperator<Spec> args(List<String> args) {
        return s -> s.withProcess(s.process().withArgs(args));
    }

    public static UnaryOperator<Spec> env(List<String> env) {
        return s -> s.withProcess(s.process().withEnv(env));
    }

    /** A pseudo-terminal for the process ({@code run -t}); a foreground {@code runc run} relays it to its own stdio. */
    public static UnaryOperator<Spec> terminal(boolean terminal) {
        return s -> s.withProcess(s.process().withTerminal(terminal));
    }

    public static UnaryOperator<Spec> cwd(String cwd) {
        return s -> s.withProcess(s.process().withCwd(cwd));
    }

    public static UnaryOperator<Spec> user(int uid, int gid, List<Integer> additionalGids) {
        return s -> s.withProcess(s.process().withUser(new Spec.User(uid, gid, additionalGids)));
    }

    public static UnaryOperator<Spec> hostname(String hostname) {
        return s -> s.withHostname(hostname);
    }

    public static UnaryOperator<Spec> defaultCapabilities() {
        List<String> caps = DEFAULT_CAPABILITIES;
        return s -> s.withProcess(s.process().withCapabilities(new Spec.Capabilities(caps, caps, caps)));
    }

    public static UnaryOperator<Spec> defaultRlimits() {
        return s -> s.withProcess(s.process().withRlimits(List.of(new Spec.Rlimit("RLIMIT_NOFILE", NOFILE, NOFILE))));
    }

    /** Sets limits, each replacing one of the same type already there (a default). */
    public static UnaryOperator<Spec> rlimits(List<Spec.Rlimit> limits) {
        return s -> {
            List<Spec.Rlimit> merged = new ArrayList<>(s.process().rlimits().stream()
                    .filter(r -> limits.stream().noneMatch(l -> l.type().equals(r.type()))).toList());
            merged.addAll(limits);
            return s.withProcess(s.process().withRlimits(merged));
        };
    }

    /** The size of the {@code /dev/shm} tmpfs that {@link #defaultMounts()} adds ({@code --shm-size}). */
    public static UnaryOperator<Spec> shmSize(long bytes) {
        return s -> s.withMounts(s.mounts().stream().map(m -> !m.destination().equals("/dev/shm") ? m
                : new Spec.Mount(m.destination(), m.type(), m.source(), Stream.concat(
                        m.options().stream().filter(o -> !o.startsWith("size=")), Stream.of("size=" + bytes)).toList()))
                .toList());
    }

    /**
     * Mount, PID, IPC and UTS namespaces; a network namespace only when {@code ownNetwork}: a
     * new one holds nothing but {@code lo}, and without one the process uses the host's network.
     */
    public static UnaryOperator<Spec> namespaces(boolean ownNetwork) {
        List<String> types = ownNetwork
                ? List.of("pid", "ipc", "uts", "mount", "network")
                : List.of("pid", "ipc", "uts", "mount");
        return s -> s.withLinux(s.linux().withNamespaces(types.stream().map(Spec.Namespace::new).toList()));
    }

    /** The process joins the network namespace at {@code path} instead of getting a new one. */
    public static UnaryOperator<Spec> joinNetwork(java.nio.file.Path path) {
        return s -> s.withLinux(s.linux().withNamespaces(s.linux().namespaces().stream()
                .map(n -> n.type().equals("network") ? new Spec.Namespace("network", path.toString()) : n).toList()));
    }

    /** {@code /proc}, {@code /dev} (tmpfs), {@code /dev/pts}, {@code /dev/shm}, {@code /dev/mqueue}, {@code /sys} read-only. */
    public static UnaryOperator<Spec> defaultMounts(boolean ownNetwork) {
        List<Spec.Mount> mounts = List.of(
                new Spec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new Spec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Spec.Mount("/dev/pts", "devpts", "devpts", devptsOptions()),
                sys(ownNetwork),
                new Spec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new Spec.Mount("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        return addMounts(mounts);
    }

    /**
     * The tty group (5) owns the pseudo-terminals, as Docker's; a rootless namespace with a
     * single-id mapping has no gid 5, and the kernel then refuses the whole mount (runc's own
     * rootless spec drops the option so, too).
     */
    private static List<String> devptsOptions() {
        List<String> options = List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620");
        return UserNamespace.current().mapsGid(TTY_GID)
                ? Stream.concat(options.stream(), Stream.of("gid=" + TTY_GID)).toList()
                : options;
    }

    private static final long TTY_GID = 5;

    /**
     * A sysfs may be mounted only by the owner of the network namespace it shows: rootless with
     * the host's network (--network host), the host's {@code /sys} is bound read-only instead, as
     * runc's own rootless spec does.
     */
    private static Spec.Mount sys(boolean ownNetwork) {
        return ownNetwork || UserNamespace.current().initial()
                ? new Spec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"))
                : new Spec.Mount("/sys", "bind", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro"));
    }

    /** Appends mounts after those already there (the runtime mounts in order). */
    public static UnaryOperator<Spec> addMounts(List<Spec.Mount> more) {
        return s -> s.withMounts(Stream.concat(s.mounts().stream(), more.stream()).toList());
    }

    /**
     * The standard devices ({@code null, zero, full, random, urandom, tty}) created in
     * {@code /dev}, and a device cgroup that denies every other device, as Docker's.
     */
    public static UnaryOperator<Spec> defaultDevices() {
        List<Spec.Device> devices = List.of(
                charDevice("/dev/null", 1, 3), charDevice("/dev/zero", 1, 5), charDevice("/dev/full", 1, 7),
                charDevice("/dev/random", 1, 8), charDevice("/dev/urandom", 1, 9), charDevice("/dev/tty", 5, 0));
        List<Spec.DeviceRule> rules = new ArrayList<>();
        rules.add(new Spec.DeviceRule(false, null, null, null, "rwm"));
        devices.forEach(d -> rules.add(new Spec.DeviceRule(true, "c", d.major(), d.minor(), "rwm")));
        rules.add(new Spec.DeviceRule(true, "c", 5L, 2L, "rwm"));    // /dev/pts/ptmx
        rules.add(new Spec.DeviceRule(true, "c", 136L, null, "rwm")); // /dev/pts/*
        return s -> s.withLinux(s.linux().withDevices(devices, new Spec.Resources(rules)));
    }

    private static Spec.Device charDevice(String path, long major, long minor) {
        return new Spec.Device(path, "c", major, minor, 0666, 0, 0);
    }

    /**
     * Every capability the kernels we support know (up to {@code CAP_CHECKPOINT_RESTORE}, Linux
     * 5.9), in the order of their numbers: what an insecure RUN may get, as under
     * {@code docker run --privileged}.
     */
    public static final List<String> ALL_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** Docker's default seccomp filter ({@link SeccompProfile}). */
    public static UnaryOperator<Spec> defaultSeccomp() {
        return s -> s.withLinux(s.linux().withSeccomp(SeccompProfile.DEFAULT));
    }

    /**
     * What BuildKit's {@code security.insecure} takes away: every capability (of those in
     * {@code boundingMask}, bit n for capability n: no more can be granted), no seccomp filter,
     * no masked or read-only paths. Applied after the defaults.
     */
    public static UnaryOperator<Spec> insecure(long boundingMask) {
        List<String> caps = java.util.stream.IntStream.range(0, ALL_CAPABILITIES.size())
                .filter(n -> (boundingMask & (1L << n)) != 0).mapToObj(ALL_CAPABILITIES::get).toList();
        return s -> s.withProcess(s.process().withCapabilities(new Spec.Capabilities(caps, caps, caps)))
                .withLinux(s.linux().withSeccomp(null).withPaths(List.of(), List.of()));
    }

    /** Docker's masked (hidden) and read-only paths of {@code /proc} and {@code /sys}. */
    public static UnaryOperator<Spec> defaultMaskedPaths() {
        return s -> s.withLinux(s.linux().withPaths(MASKED_PATHS, READONLY_PATHS));
    }
}
