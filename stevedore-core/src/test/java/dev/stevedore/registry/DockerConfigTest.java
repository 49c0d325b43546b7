package dev.stevedore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json read and written as Docker does; credential helpers and credsStore. */
class DockerConfigTest {

    @TempDir
    Path tmp;

    DockerConfig config(Path helpers) {
        return new DockerConfig(tmp.resolve("config.json"), helpers == null ? List.of() : List.of(helpers));
    }

    @Test
    void loginWritesBase64AuthTabIndentedAndPrivate() throws IOException {
        Files.writeString(tmp.resolve("config.json"), "{\"psFormat\": \"table\"}");
        config(null).login("127.0.0.1:5000", Credentials.of("alice", "pw:with:colons"));
        config(null).login("docker.io", Credentials.of("bob", "hub"));
        String written = Files.readString(tmp.resolve("config.json"));
        assertThat(written).isEqualTo("""
                {
                	"psFormat": "table",
                	"auths": {
                		"127.0.0.1:5000": {
                			"auth": "YWxpY2U6cHc6d2l0aDpjb2xvbnM="
                		},
                		"https://index.docker.io/v1/": {
                			"auth": "Ym9iOmh1Yg=="
                		}
                	}
                }""");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("config.json"))))
                .isEqualTo("rw-------");
        assertThat(config(null).lookup("127.0.0.1:5000")).contains(Credentials.of("alice", "pw:with:colons"));
        assertThat(config(null).lookup("docker.io")).contains(Credentials.of("bob", "hub"));
        assertThat(config(null).logout("127.0.0.1:5000")).isTrue();
        assertThat(config(null).logout("127.0.0.1:5000")).isFalse();
        assertThat(config(null).lookup("127.0.0.1:5000")).isEmpty();
        assertThat(Files.readString(tmp.resolve("config.json"))).contains("psFormat").doesNotContain("127.0.0.1");
    }

    @Test
    void readsIdentityTokensAndUrlKeys() throws IOException {
        Files.writeString(tmp.resolve("config.json"), """
                {"auths": {"https://reg.example.com/v1/": {"auth": "dTpw"},
                           "tok.example.com": {"identitytoken": "refresh-me"}}}""");
        assertThat(config(null).lookup("reg.example.com")).contains(Credentials.of("u", "p"));
        assertThat(config(null).lookup("tok.example.com").orElseThrow().identityToken()).contains("refresh-me");
        assertThat(config(null).lookup("other.example.com")).isEmpty();
    }

    @Test
    void brokenFilesAreClearErrors() throws IOException {
        Files.writeString(tmp.resolve("config.json"), "{\"auths\": {\"r\": {\"auth\": \"%%%\"}}}");
        assertThatThrownBy(() -> config(null).lookup("r")).isInstanceOf(InvalidInputException.class)
                .hasMessage(tmp.resolve("config.json") + ": the \"auth\" of r is not base64");
        Files.writeString(tmp.resolve("config.json"), "{not json");
        assertThatThrownBy(() -> config(null).lookup("r")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(tmp.resolve("config.json") + " is not valid JSON");
    }

    /** A helper that keeps its secrets in files next to itself. */
    private Path helper(String name) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, """
                #!/bin/sh
                dir=$(dirname "$0")/%s-store
                mkdir -p "$dir"
                read -r input
                case "$1" in
                  get) key=$(printf %%s "$input" | tr '/:' '__')
                       if [ -f "$dir/$key" ]; then cat "$dir/$key"; else echo "credentials not found in native keychain"; exit 1; fi ;;
                  store) key=$(printf %%s "$input" | sed 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/' | tr '/:' '__')
                       printf %%s "$input" > "$dir/$key" ;;
                  erase) key=$(printf %%s "$input" | tr '/:' '__'); rm -f "$dir/$key" ;;
                esac
                """.formatted(name));
        script.toFile().setExecutable(true);
        return bin;
    }

    @Test
    void credsStoreKeepsSecretsOutOfTheFile() throws IOException {
        Path bin = helper("test");
        Files.writeString(tmp.resolve("config.json"), "{\"credsStore\": \"test\"}");
        config(bin).login("127.0.0.1:5000", Credentials.of("carol", "helper-secret"));
        assertThat(Files.readString(tmp.resolve("config.json"))).doesNotContain("helper-secret")
                .contains("\"127.0.0.1:5000\": {}");
        assertThat(config(bin).lookup("127.0.0.1:5000")).contains(Credentials.of("carol", "helper-secret"));
        assertThat(config(bin).logout("127.0.0.1:5000")).isTrue();
        assertThat(config(bin).lookup("127.0.0.1:5000")).isEmpty();
    }

    @Test
    void credHelpersWinPerRegistry() throws IOException {
        Path bin = helper("test");
        Files.writeString(tmp.resolve("config.json"), """
                {"credHelpers": {"docker.io": "test"}, "auths": {"other:5000": {"auth": "dTpw"}}}""");
        config(bin).login("docker.io", new Credentials("<token>", "", Optional.of("identity")));
        assertThat(config(bin).lookup("docker.io").orElseThrow().identityToken()).contains("identity");
        assertThat(config(bin).lookup("other:5000")).contains(Credentials.of("u", "p"));
    }

    @Test
    void aMissingHelperIsNamed() throws IOException {
        Files.writeString(tmp.resolve("config.json"), "{\"credsStore\": \"nosuch\"}");
        assertThatThrownBy(() -> config(tmp).lookup("r")).isInstanceOf(InvalidInputException.class)
                .hasMessage("credential helper docker-credential-nosuch (from the Docker config) is not on the PATH");
    }

    @Test
    void locateFollowsDockerConfigThenHome() {
        assertThat(DockerConfig.locate(Map.of("DOCKER_CONFIG", "/x/y", "HOME", "/h")).file())
                .isEqualTo(Path.of("/x/y/config.json"));
        assertThat(DockerConfig.locate(Map.of("HOME", "/h")).file()).isEqualTo(Path.of("/h/.docker/config.json"));
    }
}
