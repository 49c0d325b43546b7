package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.StoreScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build killed with SIGKILL while a RUN holds a secret in its environment: the container dies
 * with the build (its watchdog kills it and removes the bundle whose spec held the secret), and
 * the next command of any kind unmounts what the build left; no file under the store holds the
 * secret. Needs root, runc and busybox.
 */
@Timeout(300)
class KilledRunSecretTest {

    @TempDir
    Path tmp;

    @Test
    void aBuildKilledInARunWithASecretLeavesNoSecretNoContainerAndNoMount() throws Exception {
        BusyboxImage.assumeRunnable();
        Path store = tmp.resolve("store");
        BusyboxImage.create(Store.open(store), tmp.resolve("busybox"), BusyboxImage.NAME);
        String secret = "s3cret-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        Path secretFile = tmp.resolve("tok");
        Files.writeString(secretFile, secret);
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox
                RUN --mount=type=secret,id=tok,env=TOK echo started-$((1+1)) && sleep 600
                """);

        CliProcess build = CliProcess.start("--root", store.toString(), "build", "--progress", "plain",
                "--secret", "id=tok,src=" + secretFile, context.toString());
        await("the RUN starts", () -> build.errLines().stream().anyMatch(l -> l.contains("started-2")));
        assertThat(StoreScan.allContainers(store)).as("the RUN's container").hasSize(1);
        build.kill();

        await("the container dies with the build", () -> containers(store).isEmpty() && bundles(store).isEmpty());

        CliRun next = CliRun.run("", "--root", store.toString(), "images");
        assertThat(next.code()).as(next.err()).isZero();
        assertThat(StoreScan.mounts(store, true)).as("mounts left under the store").isEmpty();
        assertThat(StoreScan.allContainers(store)).isEmpty();
        assertThat(filesHolding(store, secret)).as("files holding the secret").isEmpty();
    }

    private static List<String> containers(Path store) {
        try {
            return StoreScan.allContainers(store);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The runtime bundles left under the store's {@code tmp/runtime}. */
    private static List<Path> bundles(Path store) {
        Path runtime = store.resolve("tmp/runtime");
        if (!Files.isDirectory(runtime)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(runtime)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("run-")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> filesHolding(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (indexOf(bytes, needle) >= 0) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited a minute for: " + what);
    }
}
