package dev.stevedore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stevedore's own config.toml: the machine's and the user's, each setting, the order, warnings and errors. */
class StevedoreConfigTest {

    @TempDir
    Path dir;

    private Path system;
    private Path user;

    private Map<String, String> env() {
        system = dir.resolve("etc/stevedore/config.toml");
        user = dir.resolve("home/.config/stevedore/config.toml");
        return Map.of(StevedoreConfig.SYSTEM_ROOT_VARIABLE, dir.toString(), "HOME", dir.resolve("home").toString());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsEverySettingWithWhereItWasWritten() throws IOException {
        Map<String, String> env = env();
        write(system, """
                # the machine's settings
                [store]
                root = "/srv/stevedore"

                [registries]
                mirrors = ["https://mirror.example.com", "http://mirror.lan:5000"]
                insecure = ["mirror.lan:5000"]

                [build]
                progress = "plain"

                [server]
                enabled = true
                idle-timeout = 600
                """);
        StevedoreConfig config = StevedoreConfig.locate(env);

        assertThat(config.files()).containsExactly(system);
        assertThat(config.warnings()).isEmpty();
        assertThat(config.root().orElseThrow().value()).isEqualTo(Path.of("/srv/stevedore"));
        assertThat(config.root().orElseThrow().source()).isEqualTo(system + ":3");
        assertThat(config.mirrors().orElseThrow().value()).containsExactly(URI.create("https://mirror.example.com"),
                URI.create("http://mirror.lan:5000"));
        assertThat(config.insecure().orElseThrow().value()).containsExactly("mirror.lan:5000");
        assertThat(config.progress().orElseThrow().value()).isEqualTo("plain");
        assertThat(config.progress().orElseThrow().source()).isEqualTo(system + ":10");
        assertThat(config.server().orElseThrow().value()).isTrue();
        assertThat(config.idleTimeout().orElseThrow().value()).isEqualTo(Duration.ofSeconds(600));
        assertThat(config.idleTimeout().orElseThrow().source()).isEqualTo(system + ":14");
    }

    @Test
    void theUsersFileReplacesTheMachinesKeyByKey() throws IOException {
        Map<String, String> env = env();
        write(system, "[build]\nprogress = \"plain\"\n[server]\nenabled = true\n");
        write(user, "[server]\nenabled = false\n");
        StevedoreConfig config = StevedoreConfig.locate(env);

        assertThat(config.files()).containsExactly(system, user);
        assertThat(config.server().orElseThrow().value()).isFalse();
        assertThat(config.server().orElseThrow().source()).isEqualTo(user + ":2");
        assertThat(config.progress().orElseThrow().source()).isEqualTo(system + ":2");
    }

    @Test
    void xdgConfigHomeNamesTheUsersDirectoryWhenAbsolute() {
        assertThat(StevedoreConfig.userFile(Map.of("XDG_CONFIG_HOME", "/x/conf", "HOME", "/home/ann")))
                .isEqualTo(Path.of("/x/conf/stevedore/config.toml"));
        assertThat(StevedoreConfig.userFile(Map.of("XDG_CONFIG_HOME", "relative", "HOME", "/home/ann")))
                .isEqualTo(Path.of("/home/ann/.config/stevedore/config.toml"));
        assertThat(StevedoreConfig.systemFile(Map.of())).isEqualTo(Path.of("/etc/stevedore/config.toml"));
    }

    @Test
    void noFileIsNoSetting() {
        assertThat(StevedoreConfig.locate(env())).isEqualTo(StevedoreConfig.none());
    }

    @Test
    void anUnknownKeyOrTableIsAWarningNamingFileLineAndKey() throws IOException {
        Map<String, String> env = env();
        write(user, "[build]\nprogres = \"plain\"\n\n[cache]\nsize = 1\n");
        StevedoreConfig config = StevedoreConfig.locate(env);

        assertThat(config.progress()).isEmpty();
        assertThat(config.warnings()).containsExactly(
                user + ":2: unknown key \"progres\" in [build] (known: progress); ignored",
                user + ":4: unknown table [cache] (Stevedore reads [store], [registries], [build] and [server]);"
                        + " ignored");
    }

    @Test
    void aMalformedFileIsOneErrorNamingFileAndLine() throws IOException {
        Map<String, String> env = env();
        write(system, "[server]\nenabled = yes\n");
        assertThatThrownBy(() -> StevedoreConfig.locate(env)).isInstanceOf(InvalidInputException.class)
                .hasMessage(system + ":2: unsupported value \"yes\" (this reader takes strings, booleans, integers and"
                        + " arrays)");
    }

    @Test
    void aValueOfTheWrongKindIsAnErrorNamingFileLineAndKey() throws IOException {
        Map<String, String> env = env();
        List<String[]> cases = List.of(
                new String[] {"[server]\nenabled = \"yes\"\n", ":2: server.enabled must be true or false"},
                new String[] {"[server]\n\nidle-timeout = 0\n", ":3: server.idle-timeout must be at least 1 (seconds), not 0"},
                new String[] {"[store]\nroot = \"relative/dir\"\n", ":2: store.root \"relative/dir\" must be an absolute path"},
                new String[] {"[registries]\nmirrors = [\"mirror.example.com\"]\n",
                        ":2: registries.mirrors \"mirror.example.com\" is not a URL (https://HOST[:PORT])"},
                new String[] {"[registries]\ninsecure = [5000]\n", ":2: registries.insecure must be an array of strings"},
                new String[] {"[build]\nprogress = 1\n", ":2: build.progress must be a string"});
        for (String[] c : cases) {
            write(system, c[0]);
            assertThatThrownBy(() -> StevedoreConfig.locate(env)).as(c[0]).isInstanceOf(InvalidInputException.class)
                    .hasMessage(system + c[1]);
        }
    }
}
