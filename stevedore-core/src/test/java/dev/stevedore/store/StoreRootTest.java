package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StoreRootTest {

    private static final Path HOME = Path.of("/home/ann");

    @ParameterizedTest(name = "flag={0} env={1} config={2} xdg={3} root={4} → {5}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            /flag | /env | /conf | /xdg | true  | /flag
            -     | /env | /conf | /xdg | true  | /env
            -     | -    | /conf | /xdg | true  | /conf
            -     | ''   | /conf | /xdg | false | /conf
            -     | -    | -     | /xdg | true  | /var/lib/stevedore
            -     | -    | -     | /xdg | false | /xdg/stevedore
            -     | -    | -     | -    | false | /home/ann/.local/share/stevedore
            -     | ''   | -     | -    | false | /home/ann/.local/share/stevedore
            -     | -    | -     | rel  | false | /home/ann/.local/share/stevedore
            /a/../b/ | - | -     | -    | false | /b
            """)
    void resolvesByPrecedence(String flag, String env, String config, String xdg, boolean isRoot, String expected) {
        Map<String, String> environment = new java.util.HashMap<>();
        if (env != null) {
            environment.put("STEVEDORE_ROOT", env);
        }
        if (xdg != null) {
            environment.put("XDG_DATA_HOME", xdg);
        }
        StoreRoot root = StoreRoot.resolve(Optional.ofNullable(flag), environment,
                Optional.ofNullable(config).map(Path::of), isRoot, HOME);
        assertThat(root.path()).isEqualTo(Path.of(expected));
    }

    @Test
    void emptyFlagIsAnError() {
        assertThatThrownBy(() -> StoreRoot.resolve(Optional.of(" "), Map.of(), Optional.empty(), false, HOME))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store root from --root is empty");
    }

    @Test
    void nulCharacterIsNotAPath() {
        assertThatThrownBy(() -> StoreRoot.resolve(Optional.empty(), Map.of("STEVEDORE_ROOT", "/a\0b"), Optional.empty(), false, HOME))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store root \"/a\0b\" from STEVEDORE_ROOT is not a valid path");
    }

    @Test
    void relativeFlagIsMadeAbsolute() {
        assertThat(StoreRoot.resolve(Optional.of("x"), Map.of(), Optional.empty(), false, HOME).path())
                .isEqualTo(Path.of("x").toAbsolutePath());
    }

    @Test
    void theConfigFilesRootIsReadWhenNeitherFlagNorVariableDecides(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path file = java.nio.file.Files.createDirectories(dir.resolve("etc/stevedore")).resolve("config.toml");
        java.nio.file.Files.writeString(file, "[store]\nroot = \"/srv/stevedore\"\n");
        Map<String, String> env = Map.of("STEVEDORE_SYSTEM_CONFIG_ROOT", dir.toString(),
                "XDG_CONFIG_HOME", dir.resolve("none").toString());

        assertThat(StoreRoot.resolve(Optional.empty(), env).path()).isEqualTo(Path.of("/srv/stevedore"));
        assertThat(StoreRoot.resolve(Optional.of("/flag"), env).path()).isEqualTo(Path.of("/flag"));
        java.util.Map<String, String> withVariable = new java.util.HashMap<>(env);
        withVariable.put("STEVEDORE_ROOT", "/env");
        assertThat(StoreRoot.resolve(Optional.empty(), withVariable).path()).isEqualTo(Path.of("/env"));
    }
}
