package dev.stevedore.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The contents of {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname} for a
 * run. The runtime writes them in the run's private bundle directory and bind-mounts them, so
 * they never land in the root filesystem (nor in a layer made from it).
 */
record EtcFiles(String hosts, String resolvConf, String hostname) {

    /** Docker's fallback when the host has no resolver configuration. */
    static final String FALLBACK_RESOLV_CONF = "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";

    /** No network, no name server: resolvers fail at once instead of timing out. */
    static final String NO_NETWORK_RESOLV_CONF = "# --network=none: no name servers\n";

    /**
     * @param hostResolvConf the host's {@code /etc/resolv.conf}, if it has one: with the host's
     *                       network, the host's name servers are reachable as they are
     */
    static EtcFiles of(String hostname, NetworkMode network, Optional<String> hostResolvConf) {
        return of(hostname, network, hostResolvConf, List.of());
    }

    /** @param extraHosts {@code --add-host} lines, after the standard ones */
    static EtcFiles of(String hostname, NetworkMode network, Optional<String> hostResolvConf,
                       List<ExtraHost> extraHosts) {
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost " + hostname + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n");
        extraHosts.forEach(h -> hosts.append(h.line()));
        String resolv = switch (network) {
            case PRIVATE -> SlirpNetwork.RESOLV_CONF;
            case HOST -> hostResolvConf.filter(s -> !s.isBlank()).orElse(FALLBACK_RESOLV_CONF);
            case NONE -> NO_NETWORK_RESOLV_CONF;
        };
        return new EtcFiles(hosts.toString(), resolv, hostname + "\n");
    }
}
