package dev.stevedore.runtime;

import dev.stevedore.runtime.spec.Spec;
import dev.stevedore.runtime.spec.SpecJson;
import dev.stevedore.runtime.spec.SpecOpts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ContainerRuntime} driving a runc-compatible command line ({@code runc}; {@code crun}
 * takes the same commands). Bundles live in {@code stateDir/run-<pid>-<random>}, the runtime's
 * own state in {@code stateDir/runc}. RUNs on the private network join one of the runtime's
 * {@link PrivateNetworks}, which {@link #close()} ends.
 */
public final class RuncRuntime implements ContainerRuntime {

    /** How long a killed container may take to go before its {@code runc run} is killed too. */
    private static final long KILL_GRACE_SECONDS = 5;

    private final RuncCommands runc;
    private final Path stateDir;
    private final Path hostResolvConf;
    private final PrivateNetworks networks = new PrivateNetworks();
    /** Started by the first run, ended by {@link #close()}. */
    private Watchdog watchdog;

    /**
     * @param binary   the runtime's executable, e.g. from {@link RuntimeLocator}
     * @param stateDir a directory of ours for bundles and the runtime's state, e.g. {@code <store>/tmp}
     */
    public RuncRuntime(Path binary, Path stateDir) {
        this(binary, stateDir, Path.of("/etc/resolv.conf"));
    }

    RuncRuntime(Path binary, Path stateDir, Path hostResolvConf) {
        this.stateDir = stateDir.toAbsolutePath();
        this.runc = new RuncCommands(binary, this.stateDir.resolve("runc"));
        this.hostResolvConf = hostResolvConf;
    }

    @Override
    public int run(Path rootfs, ProcessSpec process, OutputListener output) throws IOException, InterruptedException {
        Path root = rootfs.toAbsolutePath();
        ResolvedUser user = Users.resolve(root, process.user());
        WorkingDir.create(root, process.cwd(), user);
        Bundle bundle = Bundle.create(stateDir);
        MountStubs stubs = MountStubs.of(List.of());
        Optional<SlirpNetwork> network = Optional.empty();
        boolean exited = false;
        try {
            writeEtcFiles(bundle, process);
            Spec spec = RuntimeSpec.build(process, root, user, bundle.dir());
            if (process.network() == NetworkMode.PRIVATE) {
                network = Optional.of(networks.take());
                spec = SpecOpts.joinNetwork(network.get().namespace()).apply(spec);
            }
            stubs = MountStubs.record(root, spec.mounts().stream().map(Spec.Mount::destination).toList());
            bundle.writeStubs(stubs);
            bundle.write("config.json", SpecJson.write(spec));
            watch();
            int code = runWatched(bundle, process, process.stdin(), output);
            exited = true;
            return code;
        } finally {
            if (!exited) {
                killAndDelete(bundle.id());
            }
            // only a RUN that ran to its end is surely gone; only a confined one cannot have changed the network
            boolean reusable = exited && process.sandbox().security() == Security.SANDBOX;
            network.ifPresent(n -> networks.giveBack(n, reusable));
            stubs.remove();
            bundle.remove();
        }
    }

    private void writeEtcFiles(Bundle bundle, ProcessSpec process) throws IOException {
        Optional<String> hostResolv = Files.isRegularFile(hostResolvConf)
                ? Optional.of(Files.readString(hostResolvConf, StandardCharsets.UTF_8))
                : Optional.empty();
        EtcFiles etc = EtcFiles.of(process.hostname(), process.network(), hostResolv, process.sandbox().extraHosts());
        bundle.writeReadable(RuntimeSpec.HOSTS, etc.hosts());
        bundle.writeReadable(RuntimeSpec.RESOLV_CONF, etc.resolvConf());
        bundle.writeReadable(RuntimeSpec.HOSTNAME, etc.hostname());
    }

    /** Makes sure a {@link Watchdog} watches over this process's containers. */
    private synchronized void watch() throws IOException {
        if (watchdog == null || !watchdog.alive()) {
            watchdog = Watchdog.start(runc, stateDir);
        }
    }

    /** Runs the container in the foreground; on interruption kills it (see {@link #killAndDelete}) before rethrowing. */
    private int runWatched(Bundle bundle, ProcessSpec spec, byte[] stdin, OutputListener output)
            throws IOException, InterruptedException {
        boolean feedStdin = stdin.length > 0 && !spec.stdio().ownInput();
        Process process = runc.run(bundle.dir(), bundle.id(), spec.stdio(), feedStdin);
        // on a terminal runc writes the container's output to our own stdout: the pumps read nothing
        OutputPump out = OutputPump.start(process.getInputStream(), OutputListener.Stream.STDOUT, output);
        OutputPump err = OutputPump.start(process.getErrorStream(), OutputListener.Stream.STDERR, output);
        if (feedStdin) {
            Thread.ofVirtual().name("runtime-stdin").start(() -> feed(process.getOutputStream(), stdin));
        }
        try {
            int code = process.waitFor();
            out.join();
            err.join();
            return code;
        } catch (InterruptedException e) {
            killAndDelete(bundle.id());
            stop(process);
            throw e;
        }
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            in.write(bytes);
        } catch (IOException e) {
            // The process exited (or closed its stdin) before reading everything: as with a shell pipe.
        }
    }

    /**
     * Kills the container and deletes it. {@code runc delete --force} also covers a container
     * that was only being created when we gave up.
     */
    private void killAndDelete(String id) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            runc.kill(id);
            runc.delete(id);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for {@code runc run} to notice its container is gone, killing it if it does not. */
    private static void stop(Process process) {
        try {
            if (!process.waitFor(KILL_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the private networks no RUN is using (those of running RUNs end when they are given
     * back), and the watchdog: call it when no run is left.
     */
    @Override
    public void close() {
        networks.close();
        synchronized (this) {
            if (watchdog != null) {
                watchdog.close();
                watchdog = null;
            }
        }
    }

    @Override
    public List<String> cleanupStale() throws IOException, InterruptedException {
        List<String> removed = new ArrayList<>();
        for (Bundle bundle : Bundle.list(stateDir)) {
            if (Bundle.ownerIsDead(bundle.id(), Optional.of(bundle))) {
                runc.kill(bundle.id());
                runc.delete(bundle.id());
                bundle.readStubs().remove();
                bundle.remove();
                removed.add(bundle.id());
            }
        }
        // Containers whose bundle is already gone. `runc list` costs a process on every build, so
        // it is asked only when the runtime's root holds the directory of a container of a dead
        // build (runc and crun keep one per container there, named by its id).
        if (anyOfDeadOwner(stateDir.resolve("runc"))) {
            for (String id : runc.list()) {
                if (!removed.contains(id) && Bundle.ownerIsDead(id, Optional.empty())) {
                    runc.kill(id);
                    runc.delete(id);
                    removed.add(id);
                }
            }
        }
        return List.copyOf(removed);
    }

    private static boolean anyOfDeadOwner(Path runtimeRoot) throws IOException {
        if (!Files.isDirectory(runtimeRoot)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runtimeRoot)) {
            for (Path entry : entries) {
                if (Bundle.ownerIsDead(entry.getFileName().toString(), Optional.empty())) {
                    return true;
                }
            }
        }
        return false;
    }
}
