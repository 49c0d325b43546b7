package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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
