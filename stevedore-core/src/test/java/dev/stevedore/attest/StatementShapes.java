package dev.stevedore.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.oci.Digest;
import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks statements against the schema files in this package's test resources (the official SPDX
 * 2.3 schema; SLSA provenance v1 and the in-toto statement as their specifications define them:
 * see the README there), with a full JSON Schema validator: python3-jsonschema, run by
 * {@code json-schema-check.py}. (Not a Java validator: the one at hand, networknt's 3.x, is built
 * on Jackson 3, a second Jackson beside the build's.)
 */
public final class StatementShapes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatementShapes() {}

    public static void checkStatement(JsonNode statement, Digest subject) {
        assertThat(problems("in-toto-statement-v0.1", statement)).isEmpty();
        assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(subject.hex());
    }

    public static void checkSpdx(JsonNode predicate) {
        assertThat(problems("spdx-2.3", predicate)).isEmpty();
    }

    public static void checkSlsaV1(JsonNode predicate) {
        assertThat(problems("slsa-provenance-v1", predicate)).isEmpty();
    }

    /** What in {@code doc} the schema {@code name} refuses, one line each: "$.json.path: message". */
    public static List<String> problems(String name, JsonNode doc) {
        String python = Prerequisites.tool("python3").toString();
        try {
            Process check = new ProcessBuilder(python, "-c", resource("json-schema-check.py")).start();
            try (OutputStream in = check.getOutputStream()) {
                JSON.writeValue(in, JSON.createArrayNode().add(JSON.readTree(resource(name + ".schema.json"))).add(doc));
            }
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(check.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = check.waitFor();
            if (err.contains("No module named 'jsonschema'")) {
                fail("needs python3-jsonschema, which is not installed: tools/prerequisites.sh tests (as root) installs it");
            }
            if (status != 0) {
                fail("json-schema-check.py exited " + status + " on " + name + ": " + err.strip());
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StatementShapes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name + " beside " + StatementShapes.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
