package dev.stevedore.oci.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden table: every file of {@code oci/malformed/} is refused with exactly the message
 * {@code expected.tsv} gives ({@code file<TAB>message}); files named {@code config-*} are read
 * as image configs, the others as manifests.
 */
class MalformedDocumentTest {

    @TestFactory
    Stream<DynamicTest> eachMalformedDocumentIsRefusedWithItsMessage() throws IOException {
        List<String> rows = new String(resource("expected.tsv"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(25);
        return rows.stream().map(row -> {
            String[] cols = row.split("\t", 2);
            return DynamicTest.dynamicTest(cols[0], () -> {
                byte[] bytes = resource(cols[0]);
                Throwable thrown = catchThrowable(() -> {
                    if (cols[0].startsWith("config-")) {
                        OciJson.readConfig(bytes, cols[0]);
                    } else {
                        OciJson.readManifest(bytes, cols[0]);
                    }
                });
                assertThat(thrown).isInstanceOf(InvalidInputException.class);
                assertThat(thrown.getMessage()).isEqualTo(cols[1]);
            });
        });
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        byte[] deep = ("{\"layers\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OciJson.readManifest(deep, "deep"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("manifest deep: malformed JSON: Document nesting depth");
    }

    @Test
    void hugeSizesAreRefused() {
        byte[] json = ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\""
                + Digest.sha256(new byte[0]) + "\",\"size\":99999999999999999999},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OciJson.readManifest(json, "big"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("manifest big: config.size: must be an integer, got 99999999999999999999");
    }

    @Test
    void emptyDocumentsAndNonObjectsAreRefused() {
        assertThatThrownBy(() -> OciJson.readConfig("null".getBytes(StandardCharsets.UTF_8), "c"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image config c: must be a JSON object");
        assertThatThrownBy(() -> OciJson.readConfig("  ".getBytes(StandardCharsets.UTF_8), "c"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image config c: is empty");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = MalformedDocumentTest.class.getResourceAsStream("/oci/malformed/" + name)) {
            if (in == null) {
                throw new AssertionError("no fixture oci/malformed/" + name);
            }
            return in.readAllBytes();
        }
    }
}
