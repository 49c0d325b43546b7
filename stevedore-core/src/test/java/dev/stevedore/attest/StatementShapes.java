package dev.stevedore.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks statements against the schema files in this package's test resources (SPDX 2.3, SLSA
 * provenance v1, the in-toto statement), with the subset of JSON Schema those files use:
 * {@code type}, {@code required}, {@code properties}, {@code items}, {@code enum}, {@code const},
 * {@code pattern} and local {@code $ref}s. (A full JSON Schema validator would be a new
 * dependency.)
 */
public final class StatementShapes {

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

    /** What in {@code doc} the schema {@code name} refuses, one line each. */
    public static List<String> problems(String name, JsonNode doc) {
        JsonNode schema = schema(name);
        List<String> out = new ArrayList<>();
        check(schema, schema, doc, "$", out);
        return out;
    }

    private static JsonNode schema(String name) {
        try (InputStream in = StatementShapes.class.getResourceAsStream(name + ".schema.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(JsonNode root, JsonNode s, JsonNode doc, String at, List<String> out) {
        if (s.has("$ref")) {
            check(root, root.at(s.get("$ref").asText().substring(1)), doc, at, out);
            return;
        }
        if (s.has("const") && !s.get("const").equals(doc)) {
            out.add(at + ": is " + doc + ", not " + s.get("const"));
        }
        if (s.has("enum")) {
            boolean any = false;
            for (JsonNode e : s.get("enum")) {
                any |= e.equals(doc);
            }
            if (!any) {
                out.add(at + ": " + doc + " is none of " + s.get("enum"));
            }
        }
        if (s.has("type") && !type(s.get("type").asText(), doc)) {
            out.add(at + ": not of type " + s.get("type").asText());
            return;
        }
        if (s.has("pattern") && doc.isTextual() && !Pattern.compile(s.get("pattern").asText()).matcher(doc.asText()).find()) {
            out.add(at + ": \"" + doc.asText() + "\" does not match " + s.get("pattern").asText());
        }
        for (JsonNode r : s.path("required")) {
            if (!doc.has(r.asText())) {
                out.add(at + ": no " + r.asText());
            }
        }
        for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
            if (doc.has(p.getKey())) {
                check(root, p.getValue(), doc.get(p.getKey()), at + "." + p.getKey(), out);
            }
        }
        if (s.has("items") && doc.isArray()) {
            for (int i = 0; i < doc.size(); i++) {
                check(root, s.get("items"), doc.get(i), at + "[" + i + "]", out);
            }
        }
    }

    private static boolean type(String type, JsonNode doc) {
        return switch (type) {
            case "object" -> doc.isObject();
            case "array" -> doc.isArray();
            case "string" -> doc.isTextual();
            case "boolean" -> doc.isBoolean();
            case "integer" -> doc.isIntegralNumber();
            case "number" -> doc.isNumber();
            default -> throw new IllegalArgumentException("schema type " + type + " is not in the subset checked");
        };
    }
}
