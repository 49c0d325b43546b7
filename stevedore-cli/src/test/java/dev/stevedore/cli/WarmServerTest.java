package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.cli.warm.Wire;
import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm server ({@code STEVEDORE_SERVER=1}), driven as a user's shell drives it: each command
 * a process of its own running the launcher, which starts the store's server when none runs and
 * forwards to it. The server is a process the test did not start itself: it is found by its
 * command line, and stopped after each test.
 */
class WarmServerTest {

    @TempDir
    Path dir;

    private Path store;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        store = dir.resolve("store");
        env = Map.of("STEVEDORE_SERVER", "1", "STEVEDORE_ROOT", store.toString(),
                "STEVEDORE_SERVER_IDLE_SECONDS", "120");
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nARG V\nLABEL v=$V\nCOPY a /a\n");
        Files.writeString(ctx.resolve("a"), "a\n");
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        for (ProcessHandle p : servers()) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }

    @Test
    void commandsRunInOneWarmServerWithTheClientsDirectoryEnvironmentAndExitCode() throws Exception {
        CliProcess first = run(dir, Map.of("V", "one"), "build", "-q", "ctx");
        assertThat(first.await(120)).as(first.err()).isZero();
        List<ProcessHandle> servers = servers();
        assertThat(servers).hasSize(1);

        // a relative path of the client's directory (the server's is /), a build arg from its environment
        CliProcess second = run(dir.resolve("ctx"), Map.of("V", "two"), "build", "-q", "--build-arg", "V", ".");
        assertThat(second.await(120)).as(second.err()).isZero();
        assertThat(second.out().strip()).startsWith("sha256:").isNotEqualTo(first.out().strip());
        assertThat(servers()).isEqualTo(servers);

        CliProcess inspect = run(dir, Map.of(), "inspect", second.out().strip());
        assertThat(inspect.await(120)).as(inspect.err()).isZero();
        assertThat(inspect.out()).containsPattern("\"v\"\\s*:\\s*\"two\"");

        CliProcess missing = run(dir, Map.of(), "build", "-q", "no-such-dir");
        assertThat(missing.await(120)).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).contains("no-such-dir").doesNotContain("Exception");
    }

    @Test
    void theStoresSwitchServesItsCommandsWithoutTheVariable() throws Exception {
        Map<String, String> unset = Map.of("STEVEDORE_SERVER", "");
        CliProcess enable = run(dir, unset, "server", "--enable");
        assertThat(enable.await(120)).as(enable.err()).isZero();
        assertThat(servers()).isEmpty();
        CliProcess served = run(dir, unset, "build", "-q", "ctx");
        assertThat(served.await(120)).as(served.err()).isZero();
        assertThat(servers()).hasSize(1);
        stopServers();

        CliProcess refused = run(dir, Map.of("STEVEDORE_SERVER", "0"), "build", "-q", "ctx");
        assertThat(refused.await(120)).as(refused.err()).isZero();
        assertThat(servers()).isEmpty();
        CliProcess disable = run(dir, unset, "server", "--disable");
        assertThat(disable.await(120)).as(disable.err()).isZero();
        CliProcess own = run(dir, unset, "build", "-q", "ctx");
        assertThat(own.await(120)).as(own.err()).isZero();
        assertThat(servers()).isEmpty();
    }

    @Test
    void standardInputIsPassedThrough() throws Exception {
        CliProcess build = run(dir, Map.of(), "build", "-q", "-f", "-", "ctx");
        build.stdin("FROM scratch\nCOPY a /from-stdin\n");
        assertThat(build.await(120)).as(build.err()).isZero();
        CliProcess history = run(dir, Map.of(), "history", "--no-trunc", build.out().strip());
        assertThat(history.await(120)).as(history.err()).isZero();
        assertThat(history.out()).contains("/from-stdin");
        assertThat(servers()).hasSize(1);
    }

    @Test
    void concurrentClientsAreServedByOneServer() throws Exception {
        List<CliProcess> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(run(dir, Map.of("V", "v" + i), "build", "-q", "--build-arg", "V", "ctx"));
        }
        for (CliProcess c : clients) {
            assertThat(c.await(240)).as(c.err()).isZero();
            assertThat(c.out().strip()).startsWith("sha256:");
        }
        assertThat(clients.stream().map(CliProcess::out).distinct()).hasSize(4);
        assertThat(servers()).hasSize(1);
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        Path socket = serverDir().resolve("socket");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        } // closed without unlinking: the file stays, nobody listens
        assertThat(socket).exists();
        CliProcess build = run(dir, Map.of(), "build", "-q", "ctx");
        assertThat(build.await(120)).as(build.err()).isZero();
        assertThat(servers()).hasSize(1);
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aServerOfAnotherBuildGivesWayToOneOfThisBuild() throws Exception {
        Path socket = serverDir().resolve("socket");
        CompletableFuture<String> hello = new CompletableFuture<>();
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                // another build's server: it says so and unbinds, as WarmServer does
                try (SocketChannel c = other.accept()) {
                    Wire wire = new Wire(c);
                    hello.complete(new String(wire.read().payload(), java.nio.charset.StandardCharsets.UTF_8));
                    Files.delete(socket);
                    wire.write(Wire.Kind.OTHER_VERSION, new byte[0]);
                } catch (IOException e) {
                    hello.completeExceptionally(e);
                }
            });
            CliProcess build = run(dir, Map.of(), "build", "-q", "ctx");
            assertThat(build.await(120)).as(build.err()).isZero();
            assertThat(hello.get(10, TimeUnit.SECONDS)).isNotBlank();
        }
        assertThat(servers()).as("a server of this build was started").hasSize(1);
    }

    @Test
    void ctrlCDuringARunStopsItInTheServer() throws Exception {
        CliProcess build = runBuildThatWaits();
        build.interrupt();
        assertThat(build.await(120)).as(build.err()).isEqualTo(Cli.INTERRUPTED);
        assertThat(build.err()).contains("ERROR: the build was interrupted").doesNotContain("Exception");
        assertStoreSoundAndServerServing();
    }

    @Test
    void aClientKilledMidBuildCancelsItsBuild() throws Exception {
        CliProcess build = runBuildThatWaits();
        build.kill();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!InterruptTest.overlayMounts(store).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertStoreSoundAndServerServing();
    }

    @Test
    void aServerSignalledMidBuildStopsItsBuildsCleanlyFirst() throws Exception {
        CliProcess build = runBuildThatWaits();
        ProcessHandle server = servers().getFirst();
        Process term = new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start();
        assertThat(term.waitFor()).isZero();
        server.onExit().get(120, TimeUnit.SECONDS);
        assertThat(build.await(120)).as(build.err()).isNotZero();
        assertThat(build.err()).contains("the build was interrupted");
        // nothing left for the next command to reap: the server cleaned up before it went
        assertThat(InterruptTest.overlayMounts(store)).isEmpty();
        assertThat(InterruptTest.runcContainers(store)).isEmpty();
        assertStoreSoundAndServerServing();
    }

    /** A build through the server whose RUN has started and sleeps. */
    private CliProcess runBuildThatWaits() throws Exception {
        BusyboxImage.assumeRunnable();
        BusyboxImage.create(Store.open(store), dir.resolve("image"), BusyboxImage.NAME);
        Path ctx = Files.createDirectories(dir.resolve("sleeps"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nRUN echo started && sleep 300\n");
        CliProcess build = run(dir, Map.of(), "build", "--progress=plain", "sleeps");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (build.errLines().stream().noneMatch(l -> l.endsWith(" started"))) {
            assertThat(build.isAlive()).as(build.err()).isTrue();
            assertThat(System.nanoTime()).as("the RUN started").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(InterruptTest.overlayMounts(store)).isNotEmpty();
        assertThat(servers()).hasSize(1);
        return build;
    }

    private void assertStoreSoundAndServerServing() throws Exception {
        assertThat(InterruptTest.overlayMounts(store)).isEmpty();
        assertThat(InterruptTest.runcContainers(store)).isEmpty();
        CliProcess fsck = run(dir, Map.of(), "fsck");
        assertThat(fsck.await(120)).as(fsck.out() + fsck.err()).isZero();
        CliProcess build = run(dir, Map.of(), "build", "-q", "ctx");
        assertThat(build.await(120)).as(build.err()).isZero();
        assertThat(servers()).hasSize(1);
    }

    private CliProcess run(Path cwd, Map<String, String> more, String... args) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(more);
        return CliProcess.launch(cwd, all, args);
    }

    /** The store's {@code server/} directory, made as a server makes it (the store first, private). */
    private Path serverDir() throws IOException {
        Store.open(store);
        return Files.createDirectories(store.resolve("server"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** The servers of this test's store that run. */
    private List<ProcessHandle> servers() {
        String root = "--root " + store + " server";
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(root)).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .toList();
    }
}
