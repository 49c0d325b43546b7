package dev.stevedore.exec.mounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.linux.Mounts;
import dev.stevedore.testing.BusyboxImage;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RUN mounts in real containers (runc, overlay); skipped unless root with runc and busybox. */
class RunMountsTest {

    private static final String SECRET = "s3cr3t-Value-7f3a9c";

    @TempDir
    Path dir;

    private ContainerFixture fx;
    private Path context;

    @BeforeEach
    void setUp() throws IOException {
        BusyboxImage.assumeRunnable();
        fx = new ContainerFixture(dir);
        context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("hello"), "from context\n");
        Files.createDirectories(context.resolve("sub"));
        Files.writeString(context.resolve("sub/inner"), "inner\n");
    }

    @AfterEach
    void nothingLeft() throws IOException {
        if (fx != null) {
            fx.assertClean();
        }
    }

    private MountInputs inputs() {
        return fx.inputs(List.of(), List.of(), from -> from.isEmpty() ? context : dir.resolve("stage-" + from.get()));
    }

    private MountInputs inputs(List<SecretSource> secrets, List<SshSource> ssh) {
        return fx.inputs(secrets, ssh, from -> context);
    }

    private static Mount.Cache cache(String target) {
        return new Mount.Cache(target, Optional.empty(), Mount.Sharing.SHARED, Optional.empty(), Optional.empty(),
                false, 0755, 0, 0);
    }

    @Test
    void cacheKeepsItsFilesAcrossStepsAndStaysOutOfTheLayer() throws Exception {
        var first = fx.run(List.of(cache("/root/.cache/pkg")), inputs(), "",
                "echo downloaded > /root/.cache/pkg/f && echo made > /made");
        assertThat(first.exit()).isZero();
        assertThat(first.upper()).containsExactly("made");
        var second = fx.run(List.of(cache("/root/.cache/pkg")), inputs(), "", "cat /root/.cache/pkg/f");
        assertThat(second.stdout()).isEqualTo("downloaded");
        assertThat(second.upper()).isEmpty();
    }

    @Test
    void cacheOwnedByTheStepUser() throws Exception {
        Mount.Cache owned = new Mount.Cache("/home/app/.m2", Optional.of("m2"), Mount.Sharing.LOCKED,
                Optional.empty(), Optional.empty(), false, 0700, 1000, 1000);
        var step = fx.run(List.of(owned), inputs(), "app", "touch /home/app/.m2/x && stat -c '%a %u %g' /home/app/.m2");
        assertThat(step.err()).isEmpty();
        assertThat(step.stdout()).isEqualTo("700 1000 1000");
        assertThat(step.upper()).isEmpty();
    }

    @Test
    void readOnlyCacheRefusesWrites() throws Exception {
        Mount.Cache ro = new Mount.Cache("/c", Optional.empty(), Mount.Sharing.SHARED, Optional.empty(),
                Optional.empty(), true, 0755, 0, 0);
        var step = fx.run(List.of(ro), inputs(), "", "touch /c/x");
        assertThat(step.exit()).isNotZero();
        assertThat(step.err()).anyMatch(l -> l.contains("Read-only file system"));
    }

    @Test
    void secretAsFileAndAsEnvIsReadableAndFoundNowhereAfter() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("token.txt"), SECRET);
        List<SecretSource> secrets = List.of(new SecretSource.FromFile("tok", secretFile));
        var file = fx.run(List.of(new Mount.Secret("tok", Optional.empty(), Optional.empty(), false, 0400, 0, 0)),
                inputs(secrets, List.of()), "", "cat /run/secrets/tok; echo; stat -c '%a %u' /run/secrets/tok");
        assertThat(file.out()).containsExactly(SECRET, "400 0");
        assertThat(file.upper()).isEmpty();
        var env = fx.run(List.of(new Mount.Secret("tok", Optional.empty(), Optional.of("TOKEN"), false, 0400, 0, 0)),
                inputs(secrets, List.of()), "", "echo \"$TOKEN\"; test -e /run/secrets/tok || echo no-file");
        assertThat(env.out()).containsExactly(SECRET, "no-file");
        var owned = fx.run(List.of(new Mount.Secret("tok", Optional.of("/etc/app/key"), Optional.empty(), false,
                        0440, 1000, 2000)), inputs(secrets, List.of()), "app",
                "cat /etc/app/key; echo; stat -c '%a %u %g' /etc/app/key");
        assertThat(owned.out()).containsExactly(SECRET, "440 1000 2000");
        assertThat(owned.upper()).as("no /etc/app stub left").isEmpty();
        assertThat(filesContaining(fx.store.root(), SECRET.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void missingSecrets() throws Exception {
        Mount.Secret required = new Mount.Secret("tok", Optional.empty(), Optional.empty(), true, 0400, 0, 0);
        assertThatThrownBy(() -> fx.run(List.of(cache("/c"), required), inputs(), "", "true"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("secret tok is required but was not given (--secret id=tok,src=FILE or"
                        + " --secret id=tok,env=VAR)");
        Mount.Secret optional = new Mount.Secret("tok", Optional.empty(), Optional.empty(), false, 0400, 0, 0);
        var skipped = fx.run(List.of(optional), inputs(), "", "test -e /run/secrets/tok && echo there || echo absent");
        assertThat(skipped.stdout()).isEqualTo("absent");
        var missingFile = List.<SecretSource>of(new SecretSource.FromFile("tok", dir.resolve("gone")));
        assertThatThrownBy(() -> fx.run(List.of(required), inputs(missingFile, List.of()), "", "true"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("secret tok: file");
        assertThat(fx.run(List.of(optional), inputs(missingFile, List.of()), "", "ls /run/secrets 2>&1").exit())
                .isNotZero();
    }

    @Test
    void bindIsReadOnlyByDefault() throws Exception {
        Mount.Bind bind = new Mount.Bind("/src", Optional.empty(), Optional.empty(), true);
        var step = fx.run(List.of(bind), inputs(), "", "cat /src/hello /src/sub/inner; echo x > /src/new");
        assertThat(step.out()).containsExactly("from context", "inner");
        assertThat(step.exit()).isNotZero();
        assertThat(step.err()).anyMatch(l -> l.contains("Read-only file system"));
        assertThat(step.upper()).isEmpty();
    }

    @Test
    void rwBindWritesAreDiscarded() throws Exception {
        Mount.Bind dirBind = new Mount.Bind("/src", Optional.of("sub"), Optional.empty(), false);
        Mount.Bind fileBind = new Mount.Bind("/existing/hello", Optional.of("hello"), Optional.empty(), false);
        var step = fx.run(List.of(dirBind, fileBind), inputs(), "",
                "echo changed > /src/inner && echo new > /src/new && rm /src/inner && echo edit >> /existing/hello"
                        + " && ls /src && cat /existing/hello");
        assertThat(step.exit()).isZero();
        assertThat(step.out()).containsExactly("new", "from context", "edit");
        assertThat(step.upper()).isEmpty();
        assertThat(ContainerFixture.tree(context)).containsExactly("hello", "sub", "sub/inner");
        assertThat(context.resolve("sub/inner")).hasContent("inner");
        assertThat(context.resolve("hello")).hasContent("from context");
    }

    @Test
    void bindFromAStageWithASourceThatCannotEscape() throws Exception {
        Path stage = Files.createDirectories(dir.resolve("stage-builder/out"));
        Files.writeString(stage.resolve("app.bin"), "binary\n");
        Files.createSymbolicLink(dir.resolve("stage-builder/escape"), Path.of("../../../../.."));
        Mount.Bind bind = new Mount.Bind("/mnt", Optional.of("escape/out"), Optional.of("builder"), true);
        var step = fx.run(List.of(bind), inputs(), "", "cat /mnt/app.bin");
        assertThat(step.stdout()).isEqualTo("binary");
        Mount.Bind missing = new Mount.Bind("/mnt", Optional.of("nope"), Optional.of("builder"), true);
        assertThatThrownBy(() -> fx.run(List.of(cache("/c"), missing), inputs(), "", "true"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("bind mount source nope not found in \"builder\"");
    }

    @Test
    void tmpfsWithSize() throws Exception {
        var step = fx.run(List.of(new Mount.Tmpfs("/a/b/scratch", OptionalLong.of(2 * 1024 * 1024)),
                        new Mount.Tmpfs("/existing", OptionalLong.empty())), inputs(), "",
                "grep -E ' /a/b/scratch | /existing ' /proc/mounts; echo x > /a/b/scratch/f && cat /a/b/scratch/f");
        assertThat(step.out()).anyMatch(l -> l.startsWith("tmpfs /a/b/scratch tmpfs") && l.contains("size=2048k"));
        assertThat(step.out()).anyMatch(l -> l.startsWith("tmpfs /existing tmpfs"));
        assertThat(step.out().getLast()).isEqualTo("x");
        assertThat(step.upper()).as("no /a/b stub; /existing existed before").isEmpty();
    }

    @Test
    void sshAgentIsRelayedWithTheMountsOwnerAndMode() throws Exception {
        Path socket = dir.resolve("agent.sock");
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(socket));
            List<SshSource> ssh = List.of(new SshSource("default", socket), new SshSource("gh", socket));
            var step = fx.run(List.of(new Mount.Ssh("default", Optional.empty(), false, 0600, 1000, 1000),
                            new Mount.Ssh("gh", Optional.of("/tmp/gh.sock"), true, 0660, 0, 2000)),
                    inputs(List.of(), ssh), "app",
                    "echo $SSH_AUTH_SOCK; test -S $SSH_AUTH_SOCK && stat -c '%a %u %g' $SSH_AUTH_SOCK /tmp/gh.sock");
            assertThat(step.err()).isEmpty();
            assertThat(step.out()).containsExactly("/run/buildkit/ssh_agent.0", "600 1000 1000", "660 0 2000");
            assertThat(step.upper()).isEmpty();
            assertRelays(agent, socket);
        }
        assertThatThrownBy(() -> fx.run(List.of(new Mount.Ssh("gh", Optional.empty(), true, 0600, 0, 0)),
                inputs(), "", "true")).isInstanceOf(InvalidInputException.class)
                .hasMessage("ssh agent gh is required but was not given (--ssh gh=SOCKET)");
        var skipped = fx.run(List.of(new Mount.Ssh("gh", Optional.empty(), false, 0600, 0, 0)), inputs(), "",
                "echo \"[$SSH_AUTH_SOCK]\"");
        assertThat(skipped.stdout()).isEqualTo("[]");
        Path notSocket = Files.writeString(dir.resolve("key"), "k");
        assertThatThrownBy(() -> fx.run(List.of(new Mount.Ssh("k", Optional.empty(), true, 0600, 0, 0)),
                inputs(List.of(), List.of(new SshSource("k", notSocket))), "", "true"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ssh agent k: " + notSocket + " is not a socket (only agent sockets can be forwarded)");
    }

    /** A client of the relay talks to the agent both ways, and the relay is gone after close. */
    private void assertRelays(ServerSocketChannel agent, Path agentSocket) throws Exception {
        MountInputs inputs = inputs(List.of(), List.of(new SshSource("default", agentSocket)));
        Path relay;
        try (PreparedMounts prepared = RunMounts.prepare(List.of(new Mount.Ssh("default", Optional.empty(), true,
                0600, 0, 0)), inputs)) {
            relay = ((dev.stevedore.runtime.RunMount.Bind) prepared.runMounts().getFirst()).source();
            assertThat(relay).isNotEqualTo(agentSocket);
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(relay));
                    SocketChannel served = agent.accept()) {
                client.write(ByteBuffer.wrap("request".getBytes(StandardCharsets.UTF_8)));
                ByteBuffer in = ByteBuffer.allocate(7);
                while (in.hasRemaining()) {
                    served.read(in);
                }
                assertThat(new String(in.array(), StandardCharsets.UTF_8)).isEqualTo("request");
                served.write(ByteBuffer.wrap("answer".getBytes(StandardCharsets.UTF_8)));
                ByteBuffer back = ByteBuffer.allocate(6);
                while (back.hasRemaining()) {
                    client.read(back);
                }
                assertThat(new String(back.array(), StandardCharsets.UTF_8)).isEqualTo("answer");
            }
        }
        assertThat(relay).doesNotExist();
    }

    @Test
    void staleScratchDirsOfDeadProcessesAreUnmountedAndRemoved() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path scratch = Files.createDirectories(fx.store.tmpDirectory().resolve("mounts"));
        Path stale = Files.createDirectory(scratch.resolve("secrets-" + dead.pid() + "-abc123"));
        Mounts.mount("tmpfs", stale, "tmpfs", 0, "size=1m");
        Files.writeString(stale.resolve("secret"), SECRET);
        Path mine = Files.createDirectory(scratch.resolve("bind-" + ProcessHandle.current().pid() + "-def456"));
        assertThat(RunMounts.cleanupStale(scratch)).containsExactly(stale);
        assertThat(stale).doesNotExist();
        assertThat(mine).exists();
        Files.delete(mine);
    }

    @Test
    void interruptingAStepReleasesEverything() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("token.txt"), SECRET);
        Mount.Cache locked = new Mount.Cache("/c", Optional.of("held"), Mount.Sharing.LOCKED, Optional.empty(),
                Optional.empty(), false, 0755, 0, 0);
        List<Mount> mounts = List.of(locked, new Mount.Secret("tok", Optional.empty(), Optional.empty(), false, 0400,
                0, 0), new Mount.Bind("/src", Optional.empty(), Optional.empty(), false));
        MountInputs inputs = inputs(List.of(new SecretSource.FromFile("tok", secretFile)), List.of());
        var outcome = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread step = Thread.ofPlatform().start(() -> {
            try {
                fx.run(mounts, inputs, "", "touch /c/started; sleep 60");
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Path started = MountInputs.cacheMountsOf(fx.store.root()).resolve(CacheMounts.hash("held")).resolve("data/started");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(started).exists();
        step.interrupt();
        assertThat(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        fx.assertClean();
        try (PreparedMounts again = RunMounts.prepare(List.of(locked), inputs)) {
            assertThat(again.runMounts()).hasSize(1);
        }
    }

    /** Every regular file under {@code root} whose bytes contain {@code needle}. */
    static List<Path> filesContaining(Path root, byte[] needle) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                try {
                    return indexOf(Files.readAllBytes(p), needle) >= 0;
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
