package dev.stevedore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validator for the part of JSON Schema (2020-12) our schemas use: {@code type}, {@code const},
 * {@code enum}, {@code required}, {@code properties}, {@code additionalProperties: false},
 * {@code minimum}, {@code pattern}, {@code format: date-time} and {@code oneOf}. A keyword outside
 * that subset is an error, so a schema cannot say more than this checks.
 */
final class JsonSchemaSubset {

    private static final Set<String> KNOWN = Set.of("$schema", "$id", "title", "type", "const", "enum", "required",
            "properties", "additionalProperties", "minimum", "pattern", "format", "oneOf");

    private JsonSchemaSubset() {}

    /** What is wrong with {@code value} under {@code schema}; empty when it is valid. */
    static List<String> problems(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out);
        return out;
    }

    private static void check(JsonNode schema, JsonNode value, String at, List<String> out) {
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String k = names.next();
            if (!KNOWN.contains(k)) {
                throw new IllegalArgumentException("schema keyword outside the subset: " + k);
            }
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            out.add(at + ": not of type " + schema.get("type").asText() + ": " + value);
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            out.add(at + ": not " + schema.get("const") + ": " + value);
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(at + ": not one of " + schema.get("enum") + ": " + value);
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            out.add(at + ": below " + schema.get("minimum") + ": " + value);
        }
        if (schema.has("pattern") && value.isTextual()
                && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            out.add(at + ": does not match " + schema.get("pattern") + ": " + value);
        }
        if (schema.has("format") && value.isTextual()) {
            if (!schema.get("format").asText().equals("date-time")) {
                throw new IllegalArgumentException("format outside the subset: " + schema.get("format"));
            }
            try {
                Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                out.add(at + ": not a date-time: " + value);
            }
        }
        if (value.isObject()) {
            object(schema, value, at, out);
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            List<String> why = new ArrayList<>();
            for (JsonNode branch : schema.get("oneOf")) {
                List<String> p = problems(branch, value);
                if (p.isEmpty()) {
                    matching++;
                } else {
                    why.add(branch.path("title").asText("?") + ": " + p);
                }
            }
            if (matching != 1) {
                out.add(at + ": matches " + matching + " of oneOf, not 1" + (matching == 0 ? " " + why : ""));
            }
        }
    }

    private static void object(JsonNode schema, JsonNode value, String at, List<String> out) {
        for (JsonNode r : schema.path("required")) {
            if (!value.has(r.asText())) {
                out.add(at + ": misses " + r.asText());
            }
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (properties.has(f.getKey())) {
                check(properties.get(f.getKey()), f.getValue(), at + "." + f.getKey(), out);
            } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                out.add(at + ": unexpected field " + f.getKey());
            }
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "array" -> v.isArray();
            default -> throw new IllegalArgumentException("type outside the subset: " + type);
        };
    }

    private static boolean contains(JsonNode array, JsonNode v) {
        for (JsonNode e : array) {
            if (e.equals(v)) {
                return true;
            }
        }
        return false;
    }
}
