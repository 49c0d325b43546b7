package dev.stevedore.api.run;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.api.NetworkMode;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.runtime.Stdio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code stevedore run} was asked, as {@code docker run} options.
 *
 * @param image      a reference or an id prefix of an image in the store
 * @param command    COMMAND [ARG...]: replaces the image's {@code Cmd}; empty keeps it
 * @param entrypoint {@code --entrypoint}: replaces the image's {@code Entrypoint} and resets its
 *                   {@code Cmd}; an empty string clears the entrypoint
 * @param env        {@code -e} values resolved to {@code NAME=value} (see {@link #env(List, Map)})
 * @param user       {@code -u}: replaces the image's {@code User}
 * @param workdir    {@code -w}: replaces the image's {@code WorkingDir}; absolute
 * @param network    {@code --network}: a private network by default, as Docker's bridge; {@code host} or
 *                   {@code none}
 * @param volumes    {@code -v} binds
 * @param stdin      the bytes the process reads on its standard input
 * @param sandbox    {@code --security} and {@code --allow}: Docker's confinement unless the run asks
 *                   for {@code insecure} and allows it, as a build's RUN
 * @param hostname   {@code --hostname}: the container's host name; empty: a random 12-hex-digit id
 * @param name       {@code --name}: a name no other running {@code stevedore run} on the store has
 * @param stdio      {@code -i} and {@code -t} on a terminal: the caller's own input, a pseudo-terminal
 */
public record RunRequest(String image, List<String> command, Optional<String> entrypoint, List<String> env,
                         Optional<String> user, Optional<String> workdir, NetworkMode network, List<Volume> volumes,
                         byte[] stdin, Sandbox sandbox, Optional<String> hostname, Optional<String> name,
                         Stdio stdio) {

    /** Checks the components and keeps copies of the mutable ones. */
    public RunRequest {
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        Objects.requireNonNull(entrypoint, "entrypoint");
        env = List.copyOf(env);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workdir, "workdir");
        workdir.filter(w -> !w.startsWith("/")).ifPresent(w -> {
            throw new InvalidInputException("the working directory '" + w + "' is invalid, it needs to be an"
                    + " absolute path");
        });
        Objects.requireNonNull(network, "network");
        volumes = List.copyOf(volumes);
        stdin = stdin == null ? new byte[0] : stdin.clone();
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(name, "name");
        name.filter(n -> !NAME.matcher(n).matches()).ifPresent(n -> {
            throw new InvalidInputException("Invalid container name (" + n + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        });
        stdio = stdio == null ? Stdio.PIPED : stdio;
    }

    /**
     * A request on {@link Stdio#PIPED} streams.
     *
     * @param image      as {@link #image()}
     * @param command    as {@link #command()}
     * @param entrypoint as {@link #entrypoint()}
     * @param env        as {@link #env()}
     * @param user       as {@link #user()}
     * @param workdir    as {@link #workdir()}
     * @param network    as {@link #network()}
     * @param volumes    as {@link #volumes()}
     * @param stdin      as {@link #stdin()}
     * @param sandbox    as {@link #sandbox()}
     * @param hostname   as {@link #hostname()}
     * @param name       as {@link #name()}
     */
    public RunRequest(String image, List<String> command, Optional<String> entrypoint, List<String> env,
                      Optional<String> user, Optional<String> workdir, NetworkMode network, List<Volume> volumes,
                      byte[] stdin, Sandbox sandbox, Optional<String> hostname, Optional<String> name) {
        this(image, command, entrypoint, env, user, workdir, network, volumes, stdin, sandbox, hostname, name,
                Stdio.PIPED);
    }

    /** Docker's rule for container names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    /**
     * {@code image} with its own command, environment, user and working directory, no input, on a
     * private network, confined.
     *
     * @param image   a reference or an id prefix of an image in the store
     * @param command COMMAND [ARG...]; none keeps the image's
     * @return the request
     */
    public static RunRequest of(String image, String... command) {
        return new RunRequest(image, List.of(command), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), NetworkMode.PRIVATE, List.of(), null, Sandbox.DEFAULT, Optional.empty(), Optional.empty());
    }

    /**
     * This request with another {@link #network()}.
     *
     * @param n the network
     * @return the copy
     */
    public RunRequest withNetwork(NetworkMode n) {
        return new RunRequest(image, command, entrypoint, env, user, workdir, n, volumes, stdin, sandbox, hostname,
                name, stdio);
    }

    /**
     * This request with another {@link #sandbox()}.
     *
     * @param s the confinement
     * @return the copy
     */
    public RunRequest withSandbox(Sandbox s) {
        return new RunRequest(image, command, entrypoint, env, user, workdir, network, volumes, stdin, s, hostname,
                name, stdio);
    }

    /**
     * A copy of the {@code stdin} bytes (an array is mutable).
     *
     * @return the bytes the process reads
     */
    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    /**
     * Resolves {@code -e} flags as Docker does: {@code NAME=value} as given, a bare {@code NAME}
     * takes the host's value and is dropped when the host has none.
     *
     * @throws InvalidInputException when a flag starts with {@code =}
     * @param flags   the {@code -e} values
     * @param hostEnv the host's environment
     * @return {@code NAME=value} entries, in order
     */
    public static List<String> env(List<String> flags, Map<String, String> hostEnv) {
        List<String> resolved = new ArrayList<>();
        for (String flag : flags) {
            if (flag.isEmpty() || flag.startsWith("=")) {
                throw new InvalidInputException("invalid environment variable: " + flag);
            }
            if (flag.contains("=")) {
                resolved.add(flag);
            } else if (hostEnv.containsKey(flag)) {
                resolved.add(flag + "=" + hostEnv.get(flag));
            }
        }
        return List.copyOf(resolved);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunRequest r && image.equals(r.image) && command.equals(r.command)
                && entrypoint.equals(r.entrypoint) && env.equals(r.env) && user.equals(r.user)
                && workdir.equals(r.workdir) && network == r.network && volumes.equals(r.volumes)
                && Arrays.equals(stdin, r.stdin) && sandbox.equals(r.sandbox) && hostname.equals(r.hostname)
                && name.equals(r.name) && stdio.equals(r.stdio);
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, command, entrypoint, env, user, workdir, network, volumes, Arrays.hashCode(stdin), sandbox,
                hostname, name, stdio);
    }

    @Override
    public String toString() {
        return "RunRequest[image=" + image + ", command=" + command + ", entrypoint=" + entrypoint + ", env=" + env
                + ", user=" + user + ", workdir=" + workdir + ", network=" + network + ", volumes=" + volumes
                + ", stdin=" + stdin.length + " bytes, sandbox=" + sandbox + ", hostname=" + hostname + ", name=" + name
                + ", stdio=" + stdio + "]";
    }
}
