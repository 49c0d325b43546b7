package dev.stevedore.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanUnitsTest {

    @ParameterizedTest
    @CsvSource({"0, 0B", "999, 999B", "1000, 1kB", "4260000, 4.26MB", "1986560, 1.99MB", "999999, 1000kB",
        "1234567890, 1.23GB", "5500, 5.5kB"})
    void sizesAsDockerPrintsThem(long bytes, String expected) {
        assertThat(HumanUnits.size(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, Less than a second", "1, 1 second", "59, 59 seconds", "60, About a minute",
        "150, 2 minutes", "3599, 59 minutes", "3600, About an hour", "7200, 2 hours", "172800, 2 days",
        "1209600, 2 weeks", "5184000, 2 months", "63072000, 2 years"})
    void agesAsDockerPrintsThem(long seconds, String expected) {
        assertThat(HumanUnits.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }
}
