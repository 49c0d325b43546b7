package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.TestRegistry;
import dev.stevedore.testing.Traces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets and registry passwords leave no trace: after the commands ran, every file of the
 * store (each blob decompressed when it is a layer, cache records, snapshots, index files),
 * every export and everything the commands printed are searched for the secret's bytes. The
 * Dockerfiles never hold the secret; the RUN steps only prove they saw it.
 */
class NoLeakTest {

    @TempDir
    Path dir;

    @Test
    void aBuildSecretIsInNoLayerHistoryConfigCacheRecordOrLog() throws Exception {
        BusyboxImage.assumeRunnable();
        String secret = "s3cret-" + UUID.randomUUID();
        Path root = dir.resolve("store");
        BusyboxImage.create(Store.open(root), dir.resolve("image"), BusyboxImage.NAME);
        Path secretFile = Files.writeString(dir.resolve("token"), secret);
        Path context = Files.createDirectories(dir.resolve("ctx"));
        // the Dockerfile and its history hold the secret with its dashes changed, never as it is
        String disguised = secret.replace('-', '+');
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox AS build
                RUN --mount=type=secret,id=tok test "$(sed 's/-/+/g' /run/secrets/tok)" = "%1$s" && echo file-secret-seen
                RUN --mount=type=secret,id=tok,env=TOKEN test "$(echo "$TOKEN" | sed 's/-/+/g')" = "%1$s" && echo env-secret-seen
                RUN --mount=type=secret,id=tok,target=/existing/token wc -c < /existing/token > /length
                RUN env > /env-after && (ls -la /existing; ls -laR /run) > /listing 2>&1 || true
                FROM busybox
                COPY --from=build /length /env-after /listing /
                """.formatted(disguised));
        Files.createDirectories(dir.resolve("out"));
        List<CliRun> runs = new ArrayList<>();
        String[] build = {"build", "--root", root.toString(), "-t", "leak/app:1", "--secret", "id=tok,src=" + secretFile,
                "-o", "type=oci,dest=" + dir.resolve("out/image.tar"), "-o", "type=local,dest=" + dir.resolve("out/fs"),
                context.toString()};
        runs.add(CliRun.run("", build));
        assertThat(runs.getFirst().code()).as(runs.getFirst().err()).isZero();
        assertThat(runs.getFirst().err()).contains("file-secret-seen").contains("env-secret-seen");
        // from the cache: cache records looked up, nothing rerun
        runs.add(CliRun.run("", "build", "--root", root.toString(), "-t", "leak/app:1", "--secret", "id=tok,src=" + secretFile,
                context.toString()));
        runs.add(CliRun.run("", "history", "--root", root.toString(), "--no-trunc", "leak/app:1"));
        runs.add(CliRun.run("", "inspect", "--root", root.toString(), "leak/app:1"));
        runs.add(CliRun.run("", "save", "--root", root.toString(), "-o", dir.resolve("out/saved.tar").toString(), "leak/app:1"));
        // a failing RUN with the secret mounted: the error names the step, not the secret
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN --mount=type=secret,id=tok,env=TOKEN false\n");
        runs.add(CliRun.run("", "build", "--debug", "--root", root.toString(), "--secret", "id=tok,src=" + secretFile,
                context.toString()));
        assertThat(runs.getLast().code()).isNotZero();
        for (CliRun run : runs.subList(1, runs.size() - 1)) {
            assertThat(run.code()).as(run.err()).isZero();
        }

        assertThat(Files.readString(dir.resolve("out/fs/length")).strip()).isEqualTo(String.valueOf(secret.length()));
        assertThat(Traces.count(root)).as("files scanned").isGreaterThan(10);
        assertThat(Traces.filesHolding(root, secret)).as("store files holding the secret").isEmpty();
        assertThat(Traces.filesHolding(dir.resolve("out"), secret)).as("exports holding the secret").isEmpty();
        for (CliRun run : runs) {
            assertThat(run.out() + run.err()).doesNotContain(secret);
        }
    }

    @Test
    void aRegistryPasswordIsOnlyInDockersConfig() throws Exception {
        BusyboxImage.assumeRunnable();
        String password = "pw-" + UUID.randomUUID();
        String auth = Base64.getEncoder().encodeToString(("bob:" + password).getBytes(StandardCharsets.UTF_8));
        try (TestRegistry registry = TestRegistry.startBasic("bob", password)) {
            Path config = dir.resolve("docker");
            Path root = dir.resolve("store");
            BusyboxImage.create(Store.open(root), dir.resolve("image"), BusyboxImage.NAME);
            Path context = Files.createDirectories(dir.resolve("ctx"));
            Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN echo built > /built\n");
            String base = registry.host() + "/private/base:1";
            String app = registry.host() + "/private/app:1";
            List<CliRun> runs = new ArrayList<>();
            runs.add(CliRun.run(password + "\n", "login", "--config", config.toString(), "-u", "bob", "--password-stdin",
                    registry.host()));
            runs.add(CliRun.run("", "tag", "--root", root.toString(), BusyboxImage.NAME, base));
            runs.add(CliRun.run("", "push", "--config", config.toString(), "--root", root.toString(), base));
            Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\nRUN echo built > /built\n");
            runs.add(CliRun.run("", "build", "--config", config.toString(), "--root", dir.resolve("store2").toString(),
                    "--push", "-t", app, context.toString()));
            runs.add(CliRun.run("", "pull", "--config", config.toString(), "--root", dir.resolve("store3").toString(), app));
            for (CliRun run : runs) {
                assertThat(run.code()).as(run.err()).isZero();
            }
            // a wrong password: refused, and not echoed either
            CliRun wrong = CliRun.run("wrong-" + password + "\n", "login", "--config", dir.resolve("other").toString(),
                    "-u", "bob", "--password-stdin", registry.host());
            assertThat(wrong.code()).isNotZero();
            runs.add(wrong);

            assertThat(Traces.filesHolding(config, auth)).as("docker's config holds the login")
                    .containsExactly(config.resolve("config.json"));
            for (String store : new String[] {"store", "store2", "store3"}) {
                assertThat(Traces.count(dir.resolve(store))).isGreaterThan(3);
                for (String needle : new String[] {password, auth}) {
                    assertThat(Traces.filesHolding(dir.resolve(store), needle)).as(store).isEmpty();
                }
            }
            for (CliRun run : runs) {
                assertThat(run.out() + run.err()).doesNotContain(password).doesNotContain(auth);
            }
        }
    }

}
