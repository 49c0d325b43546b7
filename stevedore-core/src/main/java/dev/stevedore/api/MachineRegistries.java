package dev.stevedore.api;

import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.SystemRegistries;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This machine's registry settings ({@code /etc/containers/registries.conf} and its
 * {@code .d/} drop-ins, {@code /etc/docker/daemon.json}) under a command's own flags, so that
 * mirrors and insecure registries need not be repeated on every command.
 */
public final class MachineRegistries {

    private MachineRegistries() {}

    /**
     * {@code base} with the machine's settings, overridden by the command line's: {@code mirrors},
     * when any, replace the configured ones; {@code insecure} hosts are added to them.
     *
     * @param base     the command's registry options
     * @param mirrors  {@code --registry-mirror} values
     * @param insecure {@code --insecure-registry} hosts
     * @return the options to use
     */
    public static RegistryOptions withFlags(RegistryOptions base, List<URI> mirrors, Set<String> insecure) {
        return withFlags(base, mirrors, insecure, System.getenv());
    }

    /**
     * As above, for a caller whose environment is {@code env} (a warm server's client).
     *
     * @param base     the command's registry options
     * @param mirrors  {@code --registry-mirror} values
     * @param insecure {@code --insecure-registry} hosts
     * @param env      the caller's environment, where the configuration files are found
     * @return the options to use
     */
    public static RegistryOptions withFlags(RegistryOptions base, List<URI> mirrors, Set<String> insecure,
                                            Map<String, String> env) {
        return SystemRegistries.locate(env).applyTo(base, mirrors, insecure);
    }

    /**
     * What {@code stevedore info} shows of these settings: the files read, the mirrors and the
     * insecure registries they name.
     *
     * @param env the caller's environment, where the configuration files are found
     * @return one fact each, in that order
     */
    public static List<SystemInfo.Fact> facts(Map<String, String> env) {
        SystemRegistries registries = SystemRegistries.locate(env);
        return List.of(
                new SystemInfo.Fact("Registry settings from", joinedOrNone(registries.sources())),
                new SystemInfo.Fact("Registry mirrors", joinedOrNone(registries.mirrors())),
                new SystemInfo.Fact("Insecure registries", joinedOrNone(registries.insecure())
                        + " (loopback always may; flags add to these)"));
    }

    private static String joinedOrNone(Collection<?> values) {
        return values.isEmpty() ? "none" : values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
