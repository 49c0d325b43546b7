package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.MediaType;
import dev.stevedore.registry.SystemRegistries;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Store;
import dev.stevedore.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pull, push, login and logout through the CLI against a real registry. */
class RegistryCommandsTest {

    @TempDir
    Path tmp;

    /**
     * A one-layer image (the layer need not be a tar for the registry) tagged {@code name}; its layer
     * says gzip, so a push sends it as it is (an uncompressed one would be compressed first).
     */
    private static Descriptor image(Store store, String name) {
        Blob layer = store.blobs().put("layer bytes".getBytes(StandardCharsets.UTF_8));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layer.digest() + "\"]}}";
        Blob cfg = store.blobs().put(config.getBytes(StandardCharsets.UTF_8));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaType.OCI_CONFIG + "\",\"digest\":\"" + cfg.digest() + "\",\"size\":" + cfg.size()
                + "},\"layers\":[{\"mediaType\":\"" + MediaType.OCI_LAYER_GZIP + "\",\"digest\":\"" + layer.digest()
                + "\",\"size\":" + layer.size() + "}]}";
        Blob m = store.blobs().put(manifest.getBytes(StandardCharsets.UTF_8));
        Descriptor d = new Descriptor(MediaType.OCI_MANIFEST, m.digest(), m.size());
        store.tags().tag(name, d);
        return d;
    }

    @Test
    void pushThenPullThroughAMirrorForDockerHubNames() {
        try (TestRegistry registry = TestRegistry.start()) {
            Store store = Store.open(tmp.resolve("a"));
            Descriptor d = image(store, "docker.io/library/alpine:latest");
            CliRun push = CliRun.run("", "push", "--root", tmp.resolve("a").toString(), "alpine",
                    registry.host() + "/library/alpine:latest");
            assertThat(push.code()).as(push.err()).isZero();
            assertThat(push.out()).contains("latest: digest: " + d.digest()).contains(": pushed ");

            CliRun pull = CliRun.run("", "pull", "--root", tmp.resolve("b").toString(),
                    "--registry-mirror", "http://" + registry.host(), "alpine");
            assertThat(pull.code()).as(pull.err()).isZero();
            assertThat(pull.out()).contains("Digest: " + d.digest()).contains("Pulled docker.io/library/alpine:latest")
                    .contains(": downloaded ");
            assertThat(Store.open(tmp.resolve("b")).tags().resolve("docker.io/library/alpine:latest").digest())
                    .isEqualTo(d.digest());
        }
    }

    @Test
    void aDockerHubMirrorComesFromRegistriesConfWithoutFlags() throws Exception {
        try (TestRegistry registry = TestRegistry.start()) {
            Store store = Store.open(tmp.resolve("a"));
            Descriptor d = image(store, "docker.io/library/alpine:latest");
            CliRun push = CliRun.run("", "push", "--root", tmp.resolve("a").toString(), "alpine",
                    registry.host() + "/library/alpine:latest");
            assertThat(push.code()).as(push.err()).isZero();
            Path system = tmp.resolve("system");
            Files.createDirectories(system.resolve("etc/containers"));
            Files.writeString(system.resolve("etc/containers/registries.conf"), "[[registry]]\nprefix = \"docker.io\"\n"
                    + "[[registry.mirror]]\nlocation = \"" + registry.host() + "\"\ninsecure = true\n");
            // a process of its own: the configuration's root comes from its environment
            ProcessBuilder pull = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "pull", "--root", tmp.resolve("b").toString(), "alpine")
                    .redirectErrorStream(true);
            pull.environment().put(SystemRegistries.ROOT_VARIABLE, system.toString());
            Process p = pull.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).contains("Digest: " + d.digest()).contains("Pulled docker.io/library/alpine:latest");
        }
    }

    @Test
    void pullErrorsAreOneSentence() {
        try (TestRegistry registry = TestRegistry.start()) {
            CliRun pull = CliRun.run("", "pull", "--root", tmp.resolve("b").toString(), registry.host() + "/nosuch:1");
            assertThat(pull.code()).isEqualTo(1);
            assertThat(pull.err()).isEqualTo("ERROR: pull " + registry.host()
                    + "/nosuch:1: manifest unknown: no such tag or digest (MANIFEST_UNKNOWN)\n");
        }
    }

    @Test
    void loginAndLogoutWriteDockersConfig() throws Exception {
        try (TestRegistry registry = TestRegistry.startBasic("bob", "hunter2-secret")) {
            Path config = tmp.resolve("docker");
            CliRun bad = CliRun.run("wrong-secret\n", "login", "--config", config.toString(), "-u", "bob",
                    "--password-stdin", registry.host());
            assertThat(bad.code()).isEqualTo(1);
            assertThat(bad.err()).contains("UNAUTHORIZED").doesNotContain("wrong-secret");
            CliRun ok = CliRun.run("hunter2-secret\n", "login", "--config", config.toString(), "-u", "bob",
                    "--password-stdin", registry.host());
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo("Login Succeeded\n");
            assertThat(Files.readString(config.resolve("config.json"))).isEqualTo("""
                    {
                    	"auths": {
                    		"%s": {
                    			"auth": "Ym9iOmh1bnRlcjItc2VjcmV0"
                    		}
                    	}
                    }""".formatted(registry.host()));

            image(Store.open(tmp.resolve("a")), registry.host() + "/private/app:1");
            CliRun push = CliRun.run("", "push", "--config", config.toString(), "--root", tmp.resolve("a").toString(),
                    registry.host() + "/private/app:1");
            assertThat(push.code()).as(push.err()).isZero();

            CliRun out = CliRun.run("", "logout", "--config", config.toString(), registry.host());
            assertThat(out.out()).isEqualTo("Removing login credentials for " + registry.host() + "\n");
            CliRun again = CliRun.run("", "logout", "--config", config.toString(), registry.host());
            assertThat(again.out()).isEqualTo("Not logged in to " + registry.host() + "\n");
            CliRun denied = CliRun.run("", "pull", "--config", config.toString(), "--root", tmp.resolve("c").toString(),
                    registry.host() + "/private/app:1");
            assertThat(denied.err()).isEqualTo("ERROR: pull " + registry.host()
                    + "/private/app:1: repository not found or access denied (UNAUTHORIZED)\n");
        }
    }
}
