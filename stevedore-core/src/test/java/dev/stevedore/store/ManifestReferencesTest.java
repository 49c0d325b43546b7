package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files under {@code store/manifests/}: {@code <case>.json} is a manifest or index,
 * {@code <case>.expected} lists the descriptors it references, one
 * {@code digest size mediaType [platform]} per line. Unknown fields are ignored; {@code subject}
 * is not followed.
 */
class ManifestReferencesTest {

    @ParameterizedTest
    @ValueSource(strings = {"oci-manifest", "docker-manifest", "docker-manifest-list", "empty-index"})
    void referencesMatchTheGoldenFile(String name) throws IOException {
        List<Descriptor> refs = ManifestReferences.of(resource(name + ".json"));

        String actual = refs.stream()
                .map(d -> d.digest() + " " + d.size() + " " + d.mediaType()
                        + d.platform().map(p -> " " + p).orElse(""))
                .map(line -> line + "\n")
                .reduce("", String::concat);
        assertThat(actual).isEqualTo(new String(resource(name + ".expected"), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json                                   | not valid JSON: Unrecognized token 'not'
            []                                         | not a JSON object
            {"layers":[{"digest":"sha256:abc","size":1}]} | invalid digest "sha256:abc": sha256 needs 64 lower-case hex characters
            {"layers":[{"size":1}]}                    | descriptor {"size":1} has no digest
            {"config":{"digest":"sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb","size":-1}} | descriptor {"digest":"sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb","size":-1} has no valid size
            {"manifests":[7]}                          | descriptor 7 is not a JSON object
            """)
    void malformedManifestsAreInvalidInput(String json, String message) {
        assertThatThrownBy(() -> ManifestReferences.of(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(message);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ManifestReferencesTest.class.getResourceAsStream("/store/manifests/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
