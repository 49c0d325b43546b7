package dev.stevedore.runtime;

import dev.stevedore.diag.UnavailableException;
import dev.stevedore.runtime.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The private network of a RUN ({@link NetworkMode#PRIVATE}): {@code slirp4netns} attached to the
 * container's new network namespace by a {@code createRuntime} hook (run by runc in the host's
 * namespaces once the container's exist, before its process starts). The container sees
 * {@code tap0} as 10.0.2.100 with the gateway 10.0.2.2 and a DNS forwarder 10.0.2.3 that asks the
 * host's resolvers; {@code --disable-host-loopback} keeps 10.0.2.2 from reaching the host's
 * 127.0.0.1. Chosen over a veth pair on a bridge with NAT because it needs no iptables rules, no
 * {@code ip_forward} on the host, no address allocation between concurrent builds, and works
 * without root. Its pid is kept in the bundle ({@code slirp.pid}) so that the run, the watchdog
 * and the reaper can stop it: it outlives the container otherwise.
 */
final class SlirpNetwork {

    static final String PID_FILE = "slirp.pid";

    /** slirp4netns's built-in DNS forwarder, as the container sees it. */
    static final String RESOLV_CONF = "nameserver 10.0.2.3\n";

    /**
     * Reads the container's pid from the state runc gives the hook on stdin, starts slirp4netns on
     * its namespace in the background, and waits until it has configured {@code tap0} (or died).
     */
    private static final String HOOK = """
            pid=$(sed -n 's/.*"pid": *\\([0-9][0-9]*\\).*/\\1/p')
            mkfifo "$2/slirp.ready"
            "$1" --configure --mtu=65520 --disable-host-loopback --ready-fd=3 "$pid" tap0 \
             3>"$2/slirp.ready" </dev/null >/dev/null 2>&1 &
            echo $! > "$2/slirp.pid"
            read -r _ < "$2/slirp.ready" || true
            """;

    private SlirpNetwork() {}

    /** The {@code slirp4netns} binary on the {@code PATH}. */
    static Path locate() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        Path slirp = RuntimeLocator.find("slirp4netns", path).orElseThrow(() -> new UnavailableException(
                "RUN's private network needs slirp4netns: install it (apt-get install slirp4netns), "
                        + "or build with --network host"));
        // The hook cannot report slirp4netns's failure to the build, whose RUN would then run
        // without a network: the one thing rootless mode may lack is asked here, before.
        if (!Files.isReadable(TUN) || !Files.isWritable(TUN)) {
            throw new UnavailableException("RUN's private network needs " + TUN + ", which this user cannot open"
                    + " (udev makes it 0666; here it is not): build with --network host or --network none,"
                    + " or make it so (chmod 0666 " + TUN + ")");
        }
        return slirp;
    }

    private static final Path TUN = Path.of("/dev/net/tun");

    /** The hook that gives the container of {@code bundle} its network. */
    static Spec.Hook hook(Path slirp, Path bundle) {
        return new Spec.Hook("/bin/sh", List.of("sh", "-c", HOOK, "stevedore-slirp", slirp.toString(),
                bundle.toString()));
    }

    /** Stops the slirp4netns of {@code bundle}, if one was started. */
    static void stop(Path bundle) {
        Path file = bundle.resolve(PID_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return;
            }
            String text = Files.readString(file).strip();
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() < 10) {
                ProcessHandle.of(Long.parseLong(text)).filter(SlirpNetwork::isSlirp).ifPresent(ProcessHandle::destroy);
            }
        } catch (IOException e) {
            // the bundle is being removed: nothing to stop
        }
    }

    /** Guards against a reused pid: only a slirp4netns is ever killed. */
    private static boolean isSlirp(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("slirp4netns")).orElse(false);
    }
}
