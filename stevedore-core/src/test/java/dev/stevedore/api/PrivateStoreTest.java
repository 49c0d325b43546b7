package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarWriter;
import dev.stevedore.linux.Xattrs;
import dev.stevedore.testing.BusyboxImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of issue #16: an image makes a setuid-root binary and a 0600 key; another user of
 * the machine must reach neither through the store. Needs root, runc and busybox; the other user
 * is {@code nobody}, entered with {@code setpriv}.
 */
class PrivateStoreTest {

    @TempDir
    Path dir;

    @Test
    void anotherUserCannotRunASetuidFileOfASnapshotNorReadAPrivateFileFromALayerBlob() throws Exception {
        // The temp dir itself is 0700: open it, so the store's own modes are what is tested.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        BuildHarness h = new BuildHarness(dir);
        h.file("id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        h.build("""
                FROM busybox
                COPY --chmod=600 id_rsa /root/id_rsa
                RUN mkdir /s && cp /bin/busybox /s/true && chmod 4755 /s/true
                """);

        List<Path> setuid = new ArrayList<>();
        try (Stream<Path> files = Files.walk(h.root.resolve("snapshots"))) {
            files.filter(p -> p.endsWith("s/true") && Files.isRegularFile(p)).forEach(setuid::add);
        }
        assertThat(setuid).as("the RUN's snapshot holds the setuid file").isNotEmpty();
        assertThat(asNobody(setuid.getFirst().toString())).as("nobody runs the setuid file").isNotZero();
        assertThat(asNobody("/bin/true")).as("nobody runs what it may").isZero();

        List<Path> blobs;
        try (Stream<Path> files = Files.list(h.root.resolve("oci/blobs/sha256"))) {
            blobs = files.toList();
        }
        assertThat(blobs).isNotEmpty();
        for (Path blob : blobs) {
            assertThat(asNobody("/bin/cat", blob.toString())).as("nobody reads " + blob).isNotZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob))).isEqualTo("rw-------");
        }
    }

    @Test
    void anotherUserCannotRunAFileAHostileLayerGaveACapability() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        BuildHarness h = new BuildHarness(dir);
        // cat with cap_dac_read_search in its effective set: whoever runs it reads /etc/shadow
        byte[] cat = Files.readAllBytes(Path.of("/bin/cat"));
        byte[] capability = HexFormat.of().parseHex("0100000204000000000000000000000000000000");
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(layer);
        tar.write(new TarEntry("cap", TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, Instant.EPOCH, "", 0, 0, Map.of()),
                InputStream.nullInputStream());
        tar.write(new TarEntry("cap/cat", TarEntry.Type.FILE, 0755, 0, 0, cat.length, Instant.EPOCH, "", 0, 0,
                Map.of("security.capability", capability)), new ByteArrayInputStream(cat));
        tar.finish();
        BusyboxImage.withLayers(h.store, dir.resolve("hostile"), "docker.io/library/hostile:latest",
                List.of(layer.toByteArray()));
        h.build("FROM hostile\nRUN true\n");

        List<Path> capable = new ArrayList<>();
        try (Stream<Path> files = Files.walk(h.root.resolve("snapshots"))) {
            files.filter(p -> p.endsWith("cap/cat") && Files.isRegularFile(p)).forEach(capable::add);
        }
        assertThat(capable).as("the base's snapshot holds the file").isNotEmpty();
        assertThat(Xattrs.get(capable.getFirst(), "security.capability")).as("with its capability").isPresent();
        assertThat(asNobody(capable.getFirst().toString(), "/etc/shadow")).as("nobody reads /etc/shadow through it")
                .isNotZero();

        // the probe is real: the same file where nobody can reach it does read /etc/shadow
        Path reachable = dir.resolve("reachable-cat");
        Files.copy(capable.getFirst(), reachable);
        Xattrs.set(reachable, "security.capability", capability);
        assertThat(asNobody(reachable.toString(), "/etc/shadow")).as("the capable cat, reachable").isZero();
    }

    /**
     * Runs {@code command} as uid and gid 65534 without supplementary groups, through a shell:
     * setpriv's own exec of the command still passes root's permission checks.
     */
    private static int asNobody(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/bin/sh", "-c", "\"$0\" \"$@\""));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.out.println(String.join(" ", command) + " as nobody: exit " + code + " " + output.strip());
        return code;
    }
}
