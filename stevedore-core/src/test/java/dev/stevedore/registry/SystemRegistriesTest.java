package dev.stevedore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors and insecure registries read from registries.conf (+ .d) and daemon.json; flags override. */
class SystemRegistriesTest {

    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsRegistriesConfItsDropInsAndDaemonJson() throws IOException {
        write("etc/containers/registries.conf", """
                unqualified-search-registries = ["docker.io"]
                [[registry]]
                prefix = "docker.io"
                [[registry.mirror]]
                location = "mirror.example.com"
                [[registry]]
                location = "old.example.com:5000"
                insecure = true
                [aliases]
                  "alpine" = "docker.io/library/alpine"
                """);
        // a later file replaces the entry of the same prefix
        write("etc/containers/registries.conf.d/50-lab.conf", """
                [[registry]]
                location = "old.example.com:5000"
                insecure = false
                [[registry]]
                location = "lab.example.com:5000"
                insecure = true
                """);
        write("etc/containers/registries.conf.d/README", "not a .conf file: ignored [[[");
        write("etc/docker/daemon.json", """
                {"registry-mirrors": ["http://docker-mirror.lan:5000"],
                 "insecure-registries": ["docker-mirror.lan:5000", "10.0.0.0/8"]}
                """);
        SystemRegistries read = SystemRegistries.read(root);
        assertThat(read.mirrors()).containsExactly(URI.create("https://mirror.example.com"),
                URI.create("http://docker-mirror.lan:5000"));
        assertThat(read.insecure()).containsExactlyInAnyOrder("lab.example.com:5000", "docker-mirror.lan:5000");
        assertThat(read.sources()).containsExactly(root.resolve("etc/containers/registries.conf"),
                root.resolve("etc/containers/registries.conf.d/50-lab.conf"), root.resolve("etc/docker/daemon.json"));
        assertThat(SystemRegistries.locate(Map.of(SystemRegistries.ROOT_VARIABLE, root.toString()))).isEqualTo(read);

        RegistryOptions fromConfig = read.applyTo(RegistryOptions.defaults(), List.of(), Set.of());
        assertThat(fromConfig.mirrors()).isEqualTo(read.mirrors());
        RegistryOptions flags = read.applyTo(RegistryOptions.defaults(), List.of(URI.create("http://flag:1")),
                Set.of("flag:2"));
        assertThat(flags.mirrors()).containsExactly(URI.create("http://flag:1"));
        assertThat(flags.insecure()).containsExactlyInAnyOrder("lab.example.com:5000", "docker-mirror.lan:5000",
                "flag:2");
    }

    @Test
    void anInsecureMirrorIsReachedByHttp() throws IOException {
        write("etc/containers/registries.conf", """
                [[registry]]
                prefix = "docker.io"
                location = "docker.io"
                [[registry.mirror]]
                location = "127.0.0.1:5999"
                insecure = true
                """);
        SystemRegistries read = SystemRegistries.read(root);
        assertThat(read.mirrors()).containsExactly(URI.create("http://127.0.0.1:5999"));
        assertThat(read.insecure()).containsExactly("127.0.0.1:5999");
    }

    @Test
    void nothingToReadIsNoSettings() {
        assertThat(SystemRegistries.read(root)).isEqualTo(new SystemRegistries(List.of(), Set.of(), List.of()));
    }

    @Test
    void theMachinesOwnFilesAreRead() {
        // /etc/containers/registries.conf.d/shortnames.conf (containers-common) holds [aliases] with quoted keys
        SystemRegistries.read(Path.of("/"));
    }

    @Test
    void whatWouldFetchFromElsewhereIsRefusedNotIgnored() throws IOException {
        Path conf = root.resolve("etc/containers/registries.conf");
        write("etc/containers/registries.conf", "[[registry]]\nprefix = \"docker.io\"\nlocation = \"evil.example.com\"\n");
        assertThatThrownBy(() -> SystemRegistries.read(root)).isInstanceOf(InvalidInputException.class)
                .hasMessage("registry \"docker.io\" (" + conf + "): location \"evil.example.com\" redirects it, which"
                        + " Stevedore cannot do yet; only insecure = true and Docker Hub mirrors are read");
        write("etc/containers/registries.conf", "[[registry]]\nlocation = \"quay.io\"\nblocked = true\n");
        assertThatThrownBy(() -> SystemRegistries.read(root)).hasMessageContaining("blocked = true is not supported");
        write("etc/containers/registries.conf", "[registries.insecure]\nregistries = [\"a\"]\n");
        assertThatThrownBy(() -> SystemRegistries.read(root)).hasMessage(conf + ": the version 1 format"
                + " ([registries.insecure] ...) is not read; write it as version 2 ([[registry]] entries)");
        write("etc/containers/registries.conf", "[[registry]]\nlocation = \"quay.io\"\ninsecure = yes\n");
        assertThatThrownBy(() -> SystemRegistries.read(root)).hasMessage(conf + ":3: unsupported value \"yes\""
                + " (this reader takes strings, booleans, integers and arrays)");
    }

    @Test
    void stevedoresConfigFileReplacesTheMirrorsAndAddsInsecureHosts() throws IOException {
        write("etc/docker/daemon.json", """
                {"registry-mirrors": ["http://docker-mirror.lan:5000"], "insecure-registries": ["docker-mirror.lan:5000"]}
                """);
        write("etc/stevedore/config.toml", """
                [registries]
                mirrors = ["https://ours.example.com"]
                insecure = ["lab.lan:5000"]
                """);
        SystemRegistries read = SystemRegistries.locate(Map.of(SystemRegistries.ROOT_VARIABLE, root.toString(),
                "XDG_CONFIG_HOME", root.resolve("nobody").toString()));

        assertThat(read.mirrors()).containsExactly(URI.create("https://ours.example.com"));
        assertThat(read.insecure()).containsExactlyInAnyOrder("docker-mirror.lan:5000", "lab.lan:5000");
        assertThat(read.sources()).containsExactly(root.resolve("etc/docker/daemon.json"),
                root.resolve("etc/stevedore/config.toml"));
        // and the command line's mirrors replace them all
        assertThat(read.applyTo(RegistryOptions.defaults(), List.of(URI.create("http://flag:1")), Set.of()).mirrors())
                .containsExactly(URI.create("http://flag:1"));
    }
}
