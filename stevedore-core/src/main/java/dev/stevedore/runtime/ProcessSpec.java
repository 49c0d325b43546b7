package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One process to run in a root filesystem: what a RUN step asks for once the Dockerfile and the
 * image config are resolved. Paths are inside the container.
 *
 * @param args     the command and its arguments, already in exec form (a shell-form RUN is
 *                 {@code [/bin/sh, -c, "..."]}); not empty
 * @param env      {@code KEY=value} entries (the image's {@code Env} plus the step's); {@code PATH},
 *                 {@code HOSTNAME} and {@code HOME} are added when missing
 * @param cwd      absolute working directory, created (owned by the user) when missing
 * @param user     the image's {@code User} string ({@code name}, {@code uid}, {@code uid:gid},
 *                 {@code name:group}, ...), resolved against the root filesystem's own
 *                 {@code /etc/passwd} and {@code /etc/group}; empty means root
 * @param hostname the container's host name, also in {@code /etc/hostname} and {@code /etc/hosts}
 * @param network  a private network (with outbound access), the host's, or none
 * @param mounts   extra mounts, mounted in order after the standard ones
 * @param stdin    the bytes the process reads on its standard input; empty gives it end-of-file
 * @param sandbox  extra {@code /etc/hosts} lines, the size of {@code /dev/shm}, resource limits
 * @param stdio    pipes (a build's RUN), or this process's own input and terminal ({@code run -i -t})
 */
public record ProcessSpec(List<String> args, List<String> env, String cwd, String user, String hostname,
                          NetworkMode network, List<RunMount> mounts, byte[] stdin, Sandbox sandbox, Stdio stdio) {

    public static final String DEFAULT_HOSTNAME = "stevedore";

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?");

    public ProcessSpec {
        if (args == null || args.isEmpty()) {
            throw new InvalidInputException("no command to run: the argument list is empty");
        }
        args = List.copyOf(args);
        env = List.copyOf(env);
        for (String entry : env) {
            if (entry.indexOf('=') <= 0) {
                throw new InvalidInputException("environment entry \"" + entry + "\" is not KEY=value");
            }
        }
        if (cwd == null || !cwd.startsWith("/")) {
            throw new InvalidInputException("working directory " + cwd + " is not an absolute path");
        }
        user = user == null ? "" : user;
        hostname = hostname == null || hostname.isEmpty() ? DEFAULT_HOSTNAME : hostname;
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw new InvalidInputException("hostname \"" + hostname + "\" is not a valid host name");
        }
        Objects.requireNonNull(network, "network");
        mounts = List.copyOf(mounts);
        stdin = stdin == null ? new byte[0] : stdin.clone();
        sandbox = sandbox == null ? Sandbox.DEFAULT : sandbox;
        stdio = stdio == null ? Stdio.PIPED : stdio;
    }

    /** A process on {@link Stdio#PIPED} streams, as every RUN is. */
    public ProcessSpec(List<String> args, List<String> env, String cwd, String user, String hostname,
                       NetworkMode network, List<RunMount> mounts, byte[] stdin, Sandbox sandbox) {
        this(args, env, cwd, user, hostname, network, mounts, stdin, sandbox, Stdio.PIPED);
    }

    /** {@code args} run as root in {@code /}, host network, no extra mounts, no input. */
    public static ProcessSpec of(String... args) {
        return new ProcessSpec(List.of(args), List.of(), "/", "", DEFAULT_HOSTNAME, NetworkMode.HOST, List.of(), null,
                Sandbox.DEFAULT);
    }

    public ProcessSpec withEnv(List<String> e) {
        return new ProcessSpec(args, e, cwd, user, hostname, network, mounts, stdin, sandbox, stdio);
    }

    public ProcessSpec withCwd(String c) {
        return new ProcessSpec(args, env, c, user, hostname, network, mounts, stdin, sandbox, stdio);
    }

    public ProcessSpec withUser(String u) {
        return new ProcessSpec(args, env, cwd, u, hostname, network, mounts, stdin, sandbox, stdio);
    }

    public ProcessSpec withHostname(String h) {
        return new ProcessSpec(args, env, cwd, user, h, network, mounts, stdin, sandbox, stdio);
    }

    public ProcessSpec withNetwork(NetworkMode n) {
        return new ProcessSpec(args, env, cwd, user, hostname, n, mounts, stdin, sandbox, stdio);
    }

    public ProcessSpec withMounts(List<RunMount> m) {
        return new ProcessSpec(args, env, cwd, user, hostname, network, m, stdin, sandbox, stdio);
    }

    public ProcessSpec withStdin(byte[] s) {
        return new ProcessSpec(args, env, cwd, user, hostname, network, mounts, s, sandbox, stdio);
    }

    public ProcessSpec withSandbox(Sandbox s) {
        return new ProcessSpec(args, env, cwd, user, hostname, network, mounts, stdin, s, stdio);
    }

    public ProcessSpec withStdio(Stdio s) {
        return new ProcessSpec(args, env, cwd, user, hostname, network, mounts, stdin, sandbox, s);
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessSpec p && args.equals(p.args) && env.equals(p.env) && cwd.equals(p.cwd)
                && user.equals(p.user) && hostname.equals(p.hostname) && network == p.network
                && mounts.equals(p.mounts) && Arrays.equals(stdin, p.stdin) && sandbox.equals(p.sandbox)
                && stdio.equals(p.stdio);
    }

    @Override
    public int hashCode() {
        return Objects.hash(args, env, cwd, user, hostname, network, mounts, Arrays.hashCode(stdin), sandbox, stdio);
    }

    @Override
    public String toString() {
        return "ProcessSpec[args=" + args + ", env=" + env + ", cwd=" + cwd + ", user=" + user + ", hostname="
                + hostname + ", network=" + network + ", mounts=" + mounts + ", stdin=" + stdin.length + " bytes, sandbox=" + sandbox + "]";
    }
}
