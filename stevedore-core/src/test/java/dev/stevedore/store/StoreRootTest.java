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

    @ParameterizedTest(name = "flag={0} env={1} xdg={2} root={3} → {4}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            /flag | /env | /xdg | true  | /flag
            -     | /env | /xdg | true  | /env
            -     | -    | /xdg | true  | /var/lib/stevedore
            -     | -    | /xdg | false | /xdg/stevedore
            -     | -    | -    | false | /home/ann/.local/share/stevedore
            -     | ''   | -    | false | /home/ann/.local/share/stevedore
            -     | -    | rel  | false | /home/ann/.local/share/stevedore
            /a/../b/ | - | -    | false | /b
            """)
    void resolvesByPrecedence(String flag, String env, String xdg, boolean isRoot, String expected) {
        Map<String, String> environment = new java.util.HashMap<>();
        if (env != null) {
            environment.put("STEVEDORE_ROOT", env);
        }
        if (xdg != null) {
            environment.put("XDG_DATA_HOME", xdg);
        }
        StoreRoot root = StoreRoot.resolve(Optional.ofNullable(flag), environment, isRoot, HOME);
        assertThat(root.path()).isEqualTo(Path.of(expected));
    }

    @Test
    void emptyFlagIsAnError() {
        assertThatThrownBy(() -> StoreRoot.resolve(Optional.of(" "), Map.of(), false, HOME))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store root from --root is empty");
    }

    @Test
    void nulCharacterIsNotAPath() {
        assertThatThrownBy(() -> StoreRoot.resolve(Optional.empty(), Map.of("STEVEDORE_ROOT", "/a\0b"), false, HOME))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store root \"/a\0b\" from STEVEDORE_ROOT is not a valid path");
    }

    @Test
    void relativeFlagIsMadeAbsolute() {
        assertThat(StoreRoot.resolve(Optional.of("x"), Map.of(), false, HOME).path())
                .isEqualTo(Path.of("x").toAbsolutePath());
    }
}
