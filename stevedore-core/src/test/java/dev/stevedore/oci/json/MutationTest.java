package dev.stevedore.oci.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.AnyReference;
import dev.stevedore.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Seeded random damage to real documents and references: whatever the input, the only error
 * that may escape is {@link InvalidInputException} (never a NullPointerException,
 * IllegalArgumentException or StackOverflowError).
 */
class MutationTest {

    private static final String[] TOKENS = {"null", "-1", "1.5", "\"x\"", "[]", "{}", "true", "\"sha256:00\"",
            "99999999999999999999", "\"\\u0000\"", ",", ":", "\"", "]", "}"};

    @ParameterizedTest
    @ValueSource(strings = {"docker-manifest-list.json", "docker-manifest.json", "oci-index-attestations.json",
            "oci-manifest.json", "oci-config.json", "docker-config.json"})
    void damagedDocumentsFailOnlyWithInvalidInput(String file) throws Exception {
        String original = new String(FixtureRoundTripTest.fixture(file), StandardCharsets.UTF_8);
        Random random = new Random(file.hashCode());
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            byte[] damaged = damage(original, random).getBytes(StandardCharsets.UTF_8);
            try {
                if (file.contains("config")) {
                    OciJson.readConfig(damaged, file);
                } else {
                    OciJson.readManifest(damaged, file);
                }
            } catch (InvalidInputException e) {
                refused++;
                assertThat(e.getMessage()).startsWith((file.contains("config") ? "image config " : "manifest ") + file);
            }
        }
        assertThat(refused).as("most damage is noticed").isGreaterThan(100);
    }

    @Test
    void randomReferencesAndPlatformsFailOnlyWithInvalidInput() {
        Random random = new Random(42);
        String alphabet = "aZ09._-/:@[]%+ sha256lOcAlHoSt";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = b.toString();
            try {
                AnyReference.parse(text);
            } catch (InvalidInputException e) {
                assertThat(e.getMessage()).startsWith("invalid ");
            }
            try {
                Platform.parse(text, Platform.of("linux", "amd64"));
            } catch (InvalidInputException e) {
                assertThat(e.getMessage()).startsWith("invalid platform ");
            }
        }
    }

    private static String damage(String s, Random random) {
        int at = random.nextInt(s.length());
        return switch (random.nextInt(4)) {
            case 0 -> s.substring(0, at);
            case 1 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(20)));
            case 2 -> s.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + s.substring(at);
            default -> replaceValue(s, at, TOKENS[random.nextInt(TOKENS.length)]);
        };
    }

    /** Replaces the JSON value after the first ':' at or after {@code at} with {@code token}. */
    private static String replaceValue(String s, int at, String token) {
        int colon = s.indexOf(':', at);
        if (colon < 0) {
            return s;
        }
        int end = colon + 1;
        while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return s.substring(0, colon + 1) + token + s.substring(end);
    }
}
