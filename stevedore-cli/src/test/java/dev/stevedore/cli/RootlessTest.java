package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.Prerequisites;
import dev.stevedore.testing.TarBuilder;
import dev.stevedore.testing.TestRegistry;
import dev.stevedore.testing.TestUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rootless mode end to end: the CLI in a JVM of its own as an ordinary user ({@link TestUser},
 * with subordinate ids), which runs itself again in a user namespace; the image it builds is the
 * root build's, byte for byte (same id with {@code SOURCE_DATE_EPOCH}), with the owners RUN gave.
 */
class RootlessTest {

    private static final String DOCKERFILE = """
            FROM busybox AS build
            RUN mkdir -p /out && echo built > /out/artifact && chown 1000:2000 /out/artifact
            FROM busybox
            COPY --from=build /out/artifact /srv/artifact
            RUN mkdir /srv/data && chown 33:44 /srv/data && rm /data/file \\
                && rm -rf /existing && mkdir /existing && touch /existing/new
            """;

    private TestUser user;
    private Path work;
    private String classPath;
    private TestRegistry registry;
    private Path context;

    @BeforeEach
    void setUp() throws Exception {
        BusyboxImage.assumeRunnable();
        Prerequisites.tool("skopeo");
        user = TestUser.ensure();
        work = user.ownedDirectory("stevedore-rootless-");
        classPath = TestUser.readableClassPath(Files.createDirectories(work.resolve("cp")));
        registry = TestRegistry.start();
        Path seed = work.resolve("seed");
        // with a device node, as a debootstrap root has: a user namespace may not mknod one
        BusyboxImage.withLayers(Store.open(seed), Files.createDirectories(work.resolve("image")), BusyboxImage.NAME,
                List.of(new TarBuilder().dir("dev").device("dev/full", 1, 7).bytes()));
        Result copy = run(new ProcessBuilder("skopeo", "copy", "--dest-tls-verify=false",
                "oci:" + seed.resolve("oci") + ":" + BusyboxImage.NAME,
                "docker://" + registry.host() + "/library/busybox:latest"));
        assertThat(copy.code()).as(copy.err()).isZero();
        context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
        Files.setPosixFilePermissions(context.resolve("Dockerfile"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (work != null) {
            TestUser.remove(work);
        }
    }

    @Test
    void aUserBuildsTheImageRootBuildsAndRunsIt() throws Exception {
        List<String> build = List.of("build", "-q", "-t", "app", "--network", "host", "--build-arg", "SOURCE_DATE_EPOCH=1700000000",
                "--registry-mirror", "http://" + registry.host(), "--insecure-registry", registry.host(), context.toString());

        List<String> asRoot = new ArrayList<>(List.of("--root", work.resolve("root-store").toString()));
        asRoot.addAll(build);
        CliRun root = CliRun.run("", asRoot.toArray(String[]::new));
        assertThat(root.code()).as(root.err()).isZero();

        Result asUser = cli(build);
        assertThat(asUser.code()).as(asUser.err()).isZero();
        assertThat(asUser.err()).doesNotContain("WARNING");
        assertThat(asUser.out().strip()).startsWith("sha256:").isEqualTo(root.out().strip());

        // the store is the user's, under $XDG_DATA_HOME, private
        Path store = work.resolve("xdg/stevedore");
        assertThat(Files.getOwner(store).getName()).isEqualTo(user.name());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");

        // RUN's owners are the image's, not the user's: stevedore run as the user sees them
        Result stat = cli(List.of("run", "--rm", "--network", "none", "app", "stat", "-c", "%n %u:%g",
                "/srv/artifact", "/srv/data", "/existing/new"));
        assertThat(stat.code()).as(stat.err()).isZero();
        assertThat(stat.out()).contains("/srv/artifact 1000:2000", "/srv/data 33:44", "/existing/new 0:0");

        Result info = cli(List.of("info"));
        assertThat(info.out()).contains("Store root: " + store + "\n",
                "Rootless: yes (uid 0 is " + user.name() + ", uid " + user.uid() + ", outside; subordinate ids mapped)",
                "User namespace: uids 0→" + user.uid() + ", 1→",
                "Snapshotter: overlayfs in the user namespace (userxattr)");
    }

    @Test
    void aUserWithTheNativeSnapshotterBuildsTheImageRootBuilds() throws Exception {
        // no directory removed and made again: there the native snapshotter's layer differs (README)
        Path copied = Files.createDirectories(work.resolve("native"));
        Files.writeString(copied.resolve("Dockerfile"), """
                FROM busybox
                RUN mkdir /d && echo x > /d/f && chown 7:8 /d/f && rm /data/file && chmod 700 /existing
                """);
        Files.setPosixFilePermissions(copied.resolve("Dockerfile"), PosixFilePermissions.fromString("rw-r--r--"));
        List<String> build = List.of("build", "-q", "--network", "host", "--build-arg", "SOURCE_DATE_EPOCH=1700000000",
                "--registry-mirror", "http://" + registry.host(), "--insecure-registry", registry.host(), copied.toString());
        List<String> asRoot = new ArrayList<>(List.of("--root", work.resolve("root-native-store").toString()));
        asRoot.addAll(build);
        CliRun root = CliRun.run("", asRoot.toArray(String[]::new));
        assertThat(root.code()).as(root.err()).isZero();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp", classPath, Main.class.getName(),
                "--debug"));
        command.addAll(build);
        Result asUser = run(user.command(Map.of("XDG_DATA_HOME", work.resolve("xdg").toString(), "STEVEDORE_SNAPSHOTTER",
                "native"), command).directory(work.toFile()));
        assertThat(asUser.code()).as(asUser.err()).isZero();
        assertThat(asUser.err()).contains("native (a copy of the layers per step: slow, but needs no mount), forced by"
                + " STEVEDORE_SNAPSHOTTER");
        assertThat(asUser.out().strip()).startsWith("sha256:").isEqualTo(root.out().strip());
    }

    @Test
    void withoutSubordinateIdsOnlyRootIsMappedAndTheWarningSaysSo() throws Exception {
        TestUser alone = TestUser.ensureWithoutSubordinateIds();
        Path dir = alone.ownedDirectory("stevedore-nosub-");
        try {
            Path ok = Files.createDirectories(dir.resolve("ok"));
            Files.writeString(ok.resolve("Dockerfile"), "FROM busybox\nRUN echo hi > /x && id -u > /uid\n");
            Path chown = Files.createDirectories(dir.resolve("chown"));
            Files.writeString(chown.resolve("Dockerfile"), "FROM busybox\nRUN touch /x && chown 33 /x\n");
            List<String> build = List.of("build", "--network", "none", "--registry-mirror", "http://" + registry.host(),
                    "--insecure-registry", registry.host(), "-o");

            Result built = cli(alone, dir, concat(build, dir.resolve("out").toString(), ok.toString()));
            assertThat(built.code()).as(built.err()).isZero();
            assertThat(built.err()).contains("WARNING: user " + alone.name() + " has no subordinate uids in /etc/subuid:"
                    + " rootless mode maps only root (a single-id mapping)");
            assertThat(dir.resolve("out/uid")).hasContent("0");

            Result refused = cli(alone, dir, concat(build, dir.resolve("out2").toString(), chown.toString()));
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err()).contains("Dockerfile:2", "chown");
        } finally {
            TestUser.remove(dir);
        }
    }

    @Test
    void aUserBuildsWithIsolationChrootInsideItsUserNamespace() throws Exception {
        Path chroot = Files.createDirectories(work.resolve("chroot"));
        Files.writeString(chroot.resolve("Dockerfile"),
                "FROM busybox\nRUN readlink /proc/self/ns/pid > /pid; readlink /proc/self/ns/user > /user; id -u > /uid\n");
        Result built = cli(List.of("build", "--isolation", "chroot", "--registry-mirror", "http://" + registry.host(),
                "--insecure-registry", registry.host(), "-o", work.resolve("chroot-out").toString(), chroot.toString()));
        assertThat(built.code()).as(built.err()).isZero();
        Path out = work.resolve("chroot-out");
        // no pid namespace of its own: the host's; the user namespace is rootless mode's, not the host's
        assertThat(out.resolve("pid")).hasContent(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        assertThat(out.resolve("user")).content().isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString());
        assertThat(out.resolve("uid")).hasContent("0");
    }

    @Test
    void thePrivateNetworkWorksRootlessOrSaysWhatItLacks() throws Exception {
        Path net = Files.createDirectories(work.resolve("net"));
        Files.writeString(net.resolve("Dockerfile"), "FROM busybox\nRUN ip -4 addr show tap0 > /addr\n");
        Result built = cli(List.of("build", "--registry-mirror", "http://" + registry.host(), "--insecure-registry",
                registry.host(), "-o", work.resolve("net-out").toString(), net.toString()));
        boolean tunOpenToUsers = PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of("/dev/net/tun")))
                .endsWith("rw-");
        if (tunOpenToUsers) {
            assertThat(built.code()).as(built.err()).isZero();
            assertThat(work.resolve("net-out/addr")).content().contains("10.0.2.100");
        } else {
            // this machine's /dev/net/tun is root's alone (udev would make it 0666): a sentence, not a RUN without network
            assertThat(built.code()).isNotZero();
            assertThat(built.err()).contains("RUN's private network needs /dev/net/tun, which this user cannot open");
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private Result cli(List<String> args) throws IOException, InterruptedException {
        return cli(user, work, args);
    }

    private Result cli(TestUser as, Path dir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp", classPath, Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = as.command(Map.of("XDG_DATA_HOME", dir.resolve("xdg").toString()), command)
                .directory(dir.toFile());
        return run(pb);
    }

    record Result(int code, String out, String err) {}

    /**
     * Runs {@code pb} to its end, its output in files: a command that hangs (as the namespace
     * handshake once did in a chroot) is killed with what it started and fails the test, instead
     * of a read of its output waiting forever.
     */
    private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        Path out = Files.createTempFile("stevedore-rootless-out", ".txt");
        Path err = Files.createTempFile("stevedore-rootless-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError("still running after 600 s, killed: " + String.join(" ", pb.command())
                        + "\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
