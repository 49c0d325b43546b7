package dev.stevedore.runtime;

import dev.stevedore.diag.UnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One private network of RUN steps ({@link NetworkMode#PRIVATE}): a network namespace held open by
 * a small shell ({@code unshare --net}), with {@code slirp4netns} attached from the host's
 * namespace; a RUN joins it by path ({@link #namespace()}). The container sees {@code tap0} as
 * 10.0.2.100 with the gateway 10.0.2.2 and a DNS forwarder 10.0.2.3 that asks the host's
 * resolvers; {@code --disable-host-loopback} keeps 10.0.2.2 from reaching the host's 127.0.0.1.
 * Chosen over a veth pair on a bridge with NAT because it needs no iptables rules, no
 * {@code ip_forward} on the host, no address allocation between concurrent builds, and works
 * without root (in Stevedore's own user namespace).
 *
 * <p>Made once and reused by the RUNs of a build one at a time ({@link PrivateNetworks}), as
 * BuildKit's network providers keep a pool of namespaces: starting slirp4netns and waiting for it
 * to configure {@code tap0} cost each RUN about as much CPU as runc's own work.
 *
 * <p>Its lifetime hangs on a pipe only this JVM writes to: the holder shell reads it until
 * end-of-file and exits then, and slirp4netns exits when the holder does ({@code --exit-fd} is the
 * pipe the holder wrote its pid into). So {@link #close()}, or Stevedore dying by any signal,
 * ends both, and no reaper is needed.
 */
final class SlirpNetwork implements AutoCloseable {

    /** slirp4netns's built-in DNS forwarder, as the container sees it. */
    static final String RESOLV_CONF = "nameserver 10.0.2.3\n";

    /**
     * The holder writes its pid (in the host's pid namespace: only the network is unshared) once
     * it is in its new namespace; slirp4netns attaches to that pid, says "1" on our stdout when
     * {@code tap0} is configured, and exits when the holder's end of the pipe closes.
     */
    private static final String SCRIPT = """
            "$1" --net sh -c 'echo $$; read -r _' | {
              read -r pid || exit 1
              echo "$pid"
              exec "$2" --configure --mtu=65520 --disable-host-loopback --ready-fd=1 --exit-fd=0 "$pid" tap0
            }
            """;

    private static final Path TUN = Path.of("/dev/net/tun");
    private static final long CLOSE_GRACE_SECONDS = 2;

    private final Process process;
    private final Path namespace;
    /** {@code net:[inode]}: tells this namespace from whatever a reused pid may show later. */
    private final String identity;

    private SlirpNetwork(Process process, Path namespace, String identity) {
        this.process = process;
        this.namespace = namespace;
        this.identity = identity;
    }

    /** A new network, configured and ready for a RUN to join. */
    static SlirpNetwork start() throws IOException {
        Tools tools = Tools.locate();
        Process process = new ProcessBuilder(List.of("/bin/sh", "-c", SCRIPT, "stevedore-network",
                tools.unshare().toString(), tools.slirp().toString()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            InputStream out = process.getInputStream();
            String pid = line(out);
            int ready = out.read();
            if (pid.isEmpty() || pid.length() > 10 || !pid.chars().allMatch(Character::isDigit) || ready != '1') {
                throw new UnavailableException("RUN's private network could not be set up (unshare --net, then "
                        + "slirp4netns, failed): build with --network host or --network none");
            }
            Path namespace = Path.of("/proc", pid, "ns", "net");
            String identity = Files.readSymbolicLink(namespace).toString();
            if (identity.equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString())) {
                throw new IOException("the private network's holder " + pid + " is in this process's network namespace");
            }
            return new SlirpNetwork(process, namespace, identity);
        } catch (IOException | RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    /** The namespace's path for the runtime spec; fails when its holder is gone. */
    Path namespace() throws IOException {
        if (!alive()) {
            throw new IOException("the private network's holder " + namespace + " is gone");
        }
        return namespace;
    }

    /** Whether the holder still holds this very namespace (and slirp4netns still serves it). */
    boolean alive() {
        if (!process.isAlive()) {
            return false;
        }
        try {
            return Files.readSymbolicLink(namespace).toString().equals(identity);
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the holder, and with it the namespace and slirp4netns. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the pipe is already closed: the holder is gone or going
        }
        try {
            if (!process.waitFor(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n' && line.size() < 32; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The programs a private network needs, found on the {@code PATH}. */
    private record Tools(Path unshare, Path slirp) {

        static Tools locate() {
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
            Path slirp = RuntimeLocator.find("slirp4netns", path).orElseThrow(() -> new UnavailableException(
                    "RUN's private network needs slirp4netns: install it (apt-get install slirp4netns), "
                            + "or build with --network host"));
            Path unshare = RuntimeLocator.find("unshare", path).orElseThrow(() -> new UnavailableException(
                    "RUN's private network needs util-linux's unshare: install it (apt-get install util-linux), "
                            + "or build with --network host"));
            // slirp4netns's failure would otherwise be told only as "could not be set up": the one
            // thing rootless mode may lack is asked first.
            if (!Files.isReadable(TUN) || !Files.isWritable(TUN)) {
                throw new UnavailableException("RUN's private network needs " + TUN + ", which this user cannot open"
                        + " (udev makes it 0666; here it is not): build with --network host or --network none,"
                        + " or make it so (chmod 0666 " + TUN + ")");
            }
            return new Tools(unshare, slirp);
        }
    }
}
