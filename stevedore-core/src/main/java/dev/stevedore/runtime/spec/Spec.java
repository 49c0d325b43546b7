package dev.stevedore.runtime.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

/**
 * The part of the OCI runtime spec ({@code config.json}, runtime-spec 1.0) Stevedore writes, as
 * immutable records whose component names are the spec's JSON names. Built by composing
 * {@link SpecOpts} over {@link #empty()}; written by {@link SpecJson}. Null components and empty
 * lists are left out of the JSON.
 */
public record Spec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux) {

    public static final String OCI_VERSION = "1.0.2";

    public Spec {
        mounts = List.copyOf(mounts);
    }

    /** A spec with nothing but the version: every option fills in its part. */
    public static Spec empty() {
        return new Spec(OCI_VERSION, Process.empty(), new Root("rootfs", false), null, List.of(), Linux.empty());
    }

    public Spec withProcess(Process p) {
        return new Spec(ociVersion, p, root, hostname, mounts, linux);
    }

    public Spec withRoot(Root r) {
        return new Spec(ociVersion, process, r, hostname, mounts, linux);
    }

    public Spec withHostname(String h) {
        return new Spec(ociVersion, process, root, h, mounts, linux);
    }

    public Spec withMounts(List<Mount> m) {
        return new Spec(ociVersion, process, root, hostname, m, linux);
    }

    public Spec withLinux(Linux l) {
        return new Spec(ociVersion, process, root, hostname, mounts, l);
    }

    /** The process to run; {@code terminal} only for {@code stevedore run -t}: RUN never gets a console. */
    public record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
                          Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges) {

        public Process {
            args = List.copyOf(args);
            env = List.copyOf(env);
            rlimits = List.copyOf(rlimits);
        }

        static Process empty() {
            return new Process(false, new User(0, 0, List.of()), List.of(), List.of(), "/", null, List.of(), false);
        }

        public Process withUser(User u) {
            return new Process(terminal, u, args, env, cwd, capabilities, rlimits, noNewPrivileges);
        }

        public Process withArgs(List<String> a) {
            return new Process(terminal, user, a, env, cwd, capabilities, rlimits, noNewPrivileges);
        }

        public Process withEnv(List<String> e) {
            return new Process(terminal, user, args, e, cwd, capabilities, rlimits, noNewPrivileges);
        }

        public Process withCwd(String c) {
            return new Process(terminal, user, args, env, c, capabilities, rlimits, noNewPrivileges);
        }

        public Process withCapabilities(Capabilities c) {
            return new Process(terminal, user, args, env, cwd, c, rlimits, noNewPrivileges);
        }

        public Process withRlimits(List<Rlimit> r) {
            return new Process(terminal, user, args, env, cwd, capabilities, r, noNewPrivileges);
        }

        public Process withTerminal(boolean t) {
            return new Process(t, user, args, env, cwd, capabilities, rlimits, noNewPrivileges);
        }
    }

    public record User(int uid, int gid, List<Integer> additionalGids) {
        public User {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    /** As Docker: the same set bounding, effective and permitted; none inheritable or ambient. */
    public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {
        public Capabilities {
            bounding = List.copyOf(bounding);
            effective = List.copyOf(effective);
            permitted = List.copyOf(permitted);
        }
    }

    /** A resource limit; {@code -1} is RLIM_INFINITY, written as the spec's unsigned 18446744073709551615. */
    public record Rlimit(String type, @JsonSerialize(using = UnsignedLong.class) long hard,
                         @JsonSerialize(using = UnsignedLong.class) long soft) {}

    /** The spec's limits are uint64: a long's bits read as unsigned. */
    static final class UnsignedLong extends StdSerializer<Long> {
        UnsignedLong() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    public record Root(String path, boolean readonly) {}

    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            options = List.copyOf(options);
        }
    }

    public record Linux(List<Namespace> namespaces, List<Device> devices, Resources resources,
                        List<String> maskedPaths, List<String> readonlyPaths, Seccomp seccomp) {

        public Linux {
            namespaces = List.copyOf(namespaces);
            devices = List.copyOf(devices);
            maskedPaths = List.copyOf(maskedPaths);
            readonlyPaths = List.copyOf(readonlyPaths);
        }

        static Linux empty() {
            return new Linux(List.of(), List.of(), null, List.of(), List.of(), null);
        }

        public Linux withNamespaces(List<Namespace> n) {
            return new Linux(n, devices, resources, maskedPaths, readonlyPaths, seccomp);
        }

        public Linux withDevices(List<Device> d, Resources r) {
            return new Linux(namespaces, d, r, maskedPaths, readonlyPaths, seccomp);
        }

        public Linux withPaths(List<String> masked, List<String> readonly) {
            return new Linux(namespaces, devices, resources, masked, readonly, seccomp);
        }

        public Linux withSeccomp(Seccomp s) {
            return new Linux(namespaces, devices, resources, maskedPaths, readonlyPaths, s);
        }
    }

    /**
     * A seccomp filter: {@code defaultAction} (with {@code defaultErrnoRet}) for every system call
     * no rule matches; a rule's {@code args} must all match.
     */
    public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                          List<SyscallRule> syscalls) {
        public Seccomp {
            architectures = List.copyOf(architectures);
            syscalls = List.copyOf(syscalls);
        }
    }

    public record SyscallRule(List<String> names, String action, Integer errnoRet, List<SyscallArg> args) {
        public SyscallRule {
            names = List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** {@code op} compares argument {@code index} with {@code value} ({@code SCMP_CMP_MASKED_EQ}: {@code arg & value == valueTwo}). */
    public record SyscallArg(int index, @JsonSerialize(using = UnsignedLong.class) long value,
                             @JsonSerialize(using = UnsignedLong.class) long valueTwo, String op) {}

    /**
     * {@code type} is one of {@code pid, network, mount, ipc, uts, user, cgroup}; a new one, or
     * with a {@code path} ({@code /proc/<pid>/ns/<type>}) the existing one there, joined.
     */
    public record Namespace(String type, String path) {
        public Namespace(String type) {
            this(type, null);
        }
    }

    /** A device node the runtime creates in the container's {@code /dev}. */
    public record Device(String path, String type, long major, long minor, int fileMode, int uid, int gid) {}

    public record Resources(List<DeviceRule> devices) {
        public Resources {
            devices = List.copyOf(devices);
        }
    }

    /** A device-cgroup rule; null major/minor mean any ({@code *}). */
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}
}
