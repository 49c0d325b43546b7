package dev.stevedore.oci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The {@code config} object of an image config: how a container of the image runs. The OCI
 * fields plus Docker's extensions ({@code Healthcheck}, {@code OnBuild}, {@code Shell}).
 *
 * <p>Immutable; every {@code with} method returns a changed copy, as the build engine changes
 * the config step by step. Empty strings and collections mean "not set", as in the JSON
 * (which omits them); sets and maps are sorted.
 *
 * @param user         {@code USER}: {@code name}, {@code uid}, {@code name:group}...
 * @param exposedPorts {@code EXPOSE}: {@code 80/tcp}, {@code 53/udp}
 * @param env          {@code ENV}: {@code NAME=value} entries, in order
 * @param volumes      {@code VOLUME}: absolute paths
 * @param stopSignal   {@code STOPSIGNAL}: {@code SIGTERM}, {@code 9}...
 * @param argsEscaped  Windows only: whether {@code Cmd}/{@code Entrypoint} are already escaped
 * @param onBuild      {@code ONBUILD} instructions, as written after the keyword
 * @param shell        {@code SHELL}: the shell for shell-form instructions
 */
public record ContainerConfig(
        String user,
        Set<String> exposedPorts,
        List<String> env,
        List<String> entrypoint,
        List<String> cmd,
        Set<String> volumes,
        String workingDir,
        Map<String, String> labels,
        String stopSignal,
        boolean argsEscaped,
        Optional<Healthcheck> healthcheck,
        List<String> onBuild,
        List<String> shell) {

    public static final ContainerConfig EMPTY = new ContainerConfig("", Set.of(), List.of(), List.of(), List.of(),
            Set.of(), "", Map.of(), "", false, Optional.empty(), List.of(), List.of());

    public ContainerConfig {
        Objects.requireNonNull(user, "user");
        exposedPorts = sorted(exposedPorts);
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        volumes = sorted(volumes);
        Objects.requireNonNull(workingDir, "workingDir");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(healthcheck, "healthcheck");
        onBuild = List.copyOf(onBuild);
        shell = List.copyOf(shell);
    }

    /** The value of environment variable {@code name}, if {@link #env()} sets it. */
    public Optional<String> env(String name) {
        String prefix = name + "=";
        return env.stream().filter(e -> e.startsWith(prefix)).map(e -> e.substring(prefix.length())).findFirst();
    }

    /** Sets {@code name=value}, replacing an earlier value in place (as Docker's {@code ENV}), else appending. */
    public ContainerConfig withEnv(String name, String value) {
        String prefix = name + "=";
        List<String> copy = new ArrayList<>(env);
        int i = 0;
        while (i < copy.size() && !copy.get(i).startsWith(prefix)) {
            i++;
        }
        if (i < copy.size()) {
            copy.set(i, prefix + value);
        } else {
            copy.add(prefix + value);
        }
        return withEnv(copy);
    }

    public ContainerConfig withEnv(List<String> env) {
        return with(m -> m.env = env);
    }

    public ContainerConfig withUser(String user) {
        return with(m -> m.user = user);
    }

    public ContainerConfig withEntrypoint(List<String> entrypoint) {
        return with(m -> m.entrypoint = entrypoint);
    }

    public ContainerConfig withCmd(List<String> cmd) {
        return with(m -> m.cmd = cmd);
    }

    public ContainerConfig withWorkingDir(String workingDir) {
        return with(m -> m.workingDir = workingDir);
    }

    public ContainerConfig withLabel(String key, String value) {
        Map<String, String> copy = new TreeMap<>(labels);
        copy.put(key, value);
        return withLabels(copy);
    }

    public ContainerConfig withLabels(Map<String, String> labels) {
        return with(m -> m.labels = labels);
    }

    /** Adds an exposed port such as {@code 8080/tcp}. */
    public ContainerConfig withExposedPort(String port) {
        Set<String> copy = new TreeSet<>(exposedPorts);
        copy.add(port);
        return with(m -> m.exposedPorts = copy);
    }

    /** Adds a volume path. */
    public ContainerConfig withVolume(String path) {
        Set<String> copy = new TreeSet<>(volumes);
        copy.add(path);
        return with(m -> m.volumes = copy);
    }

    public ContainerConfig withStopSignal(String stopSignal) {
        return with(m -> m.stopSignal = stopSignal);
    }

    public ContainerConfig withHealthcheck(Optional<Healthcheck> healthcheck) {
        return with(m -> m.healthcheck = healthcheck);
    }

    public ContainerConfig withOnBuild(List<String> onBuild) {
        return with(m -> m.onBuild = onBuild);
    }

    public ContainerConfig withShell(List<String> shell) {
        return with(m -> m.shell = shell);
    }

    private ContainerConfig with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new ContainerConfig(f.user, f.exposedPorts, f.env, f.entrypoint, f.cmd, f.volumes, f.workingDir,
                f.labels, f.stopSignal, f.argsEscaped, f.healthcheck, f.onBuild, f.shell);
    }

    private static SortedSet<String> sorted(Set<String> set) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }

    /** A scratch copy for the withers: one place that lists every component. */
    private static final class Fields {
        String user;
        Set<String> exposedPorts;
        List<String> env;
        List<String> entrypoint;
        List<String> cmd;
        Set<String> volumes;
        String workingDir;
        Map<String, String> labels;
        String stopSignal;
        boolean argsEscaped;
        Optional<Healthcheck> healthcheck;
        List<String> onBuild;
        List<String> shell;

        Fields(ContainerConfig c) {
            user = c.user;
            exposedPorts = c.exposedPorts;
            env = c.env;
            entrypoint = c.entrypoint;
            cmd = c.cmd;
            volumes = c.volumes;
            workingDir = c.workingDir;
            labels = c.labels;
            stopSignal = c.stopSignal;
            argsEscaped = c.argsEscaped;
            healthcheck = c.healthcheck;
            onBuild = c.onBuild;
            shell = c.shell;
        }
    }
}
