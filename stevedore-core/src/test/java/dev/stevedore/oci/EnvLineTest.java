package dev.stevedore.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvLineTest {

    @Test
    void splitsAtTheFirstEqualsSign() {
        assertThat(EnvLine.parse("A=b=c")).contains(new EnvLine("A", "b=c"));
        assertThat(EnvLine.parse("A=")).contains(new EnvLine("A", ""));
    }

    @Test
    void aLineWithoutEqualsSetsTheEmptyStringAsBuildKitDoes() {
        assertThat(EnvLine.parse("FLAG")).contains(new EnvLine("FLAG", ""));
    }

    @Test
    void aLineWithoutANameIsPassedOver() {
        assertThat(EnvLine.parse("=x")).isEmpty();
        assertThat(EnvLine.parse("")).isEmpty();
    }

    @Test
    void aLaterLineWinsAndOrderIsKept() {
        assertThat(EnvLine.toMap(List.of("PATH=/bin", "A=1", "=z", "PATH=/usr/bin")))
                .containsExactly(Map.entry("PATH", "/usr/bin"), Map.entry("A", "1"));
    }
}
