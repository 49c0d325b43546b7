package dev.stevedore.oci.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stevedore.diag.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A value inside a JSON document being read, with its path ({@code layers[2].size}), so that
 * every type error names the document and the field. JSON {@code null} counts as absent, as
 * Go's decoder treats it; unknown fields are never looked at.
 *
 * @param node     the value, or null when absent
 * @param document how errors name the document, e.g. {@code manifest sha256:…}
 */
record JsonField(JsonNode node, String path, String document) {

    static JsonField root(JsonNode node, String document) {
        return new JsonField(node, "", document);
    }

    boolean isAbsent() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /**
     * A member by name, matched as Go's decoder (which Docker reads these documents with)
     * matches struct fields: case-insensitively ({@code cmd} for {@code Cmd}), the last
     * matching member in the document winning.
     */
    JsonField field(String name) {
        requireObject();
        String childPath = path.isEmpty() ? name : path + "." + name;
        if (isAbsent()) {
            return new JsonField(null, childPath, document);
        }
        JsonField found = new JsonField(node.get(name), childPath, document);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                String key = e.getKey();
                found = new JsonField(e.getValue(), path.isEmpty() ? key : path + "." + key, document);
            }
        }
        return found;
    }

    boolean has(String name) {
        return !field(name).isAbsent();
    }

    JsonField required() {
        if (isAbsent()) {
            throw error("missing required field");
        }
        return this;
    }

    void requireObject() {
        if (!isAbsent() && !node.isObject()) {
            throw error("must be a JSON object, got " + describe());
        }
    }

    String string() {
        if (isAbsent()) {
            return "";
        }
        if (!node.isTextual()) {
            throw error("must be a string, got " + describe());
        }
        return node.textValue();
    }

    Optional<String> optionalString() {
        String s = string();
        return isAbsent() ? Optional.empty() : Optional.of(s);
    }

    long nonNegativeLong() {
        if (!required().node.isIntegralNumber() || !node.canConvertToLong()) {
            throw error("must be an integer, got " + describe());
        }
        if (node.longValue() < 0) {
            throw error("must not be negative, got " + node.longValue());
        }
        return node.longValue();
    }

    /** An optional integer; 0 when absent. */
    long longOrZero() {
        if (isAbsent()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw error("must be an integer, got " + describe());
        }
        return node.longValue();
    }

    int intOrZero() {
        long value = longOrZero();
        if (value != (int) value) {
            throw error("is out of range: " + value);
        }
        return (int) value;
    }

    boolean bool() {
        if (isAbsent()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw error("must be true or false, got " + describe());
        }
        return node.booleanValue();
    }

    List<JsonField> elements() {
        if (isAbsent()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("must be a JSON array, got " + describe());
        }
        List<JsonField> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonField(node.get(i), path + "[" + i + "]", document));
        }
        return out;
    }

    <T> List<T> list(Function<JsonField, T> read) {
        return elements().stream().map(read).toList();
    }

    List<String> stringList() {
        return list(e -> e.required().string());
    }

    /** A JSON object's members in document order. */
    Map<String, JsonField> members() {
        requireObject();
        Map<String, JsonField> out = new LinkedHashMap<>();
        if (!isAbsent()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), new JsonField(e.getValue(), path + "." + e.getKey(), document));
            }
        }
        return out;
    }

    Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        members().forEach((k, v) -> out.put(k, v.isAbsent() ? "" : v.string()));
        return out;
    }

    InvalidInputException error(String problem) {
        String where = path.isEmpty() ? "" : path + ": ";
        return new InvalidInputException(document + ": " + where + problem);
    }

    InvalidInputException error(String problem, Throwable cause) {
        String where = path.isEmpty() ? "" : path + ": ";
        return new InvalidInputException(document + ": " + where + problem, cause);
    }

    private String describe() {
        if (node.isTextual()) {
            String t = node.textValue();
            return "\"" + (t.length() > 40 ? t.substring(0, 37) + "..." : t) + "\"";
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        return node.isArray() ? "an array" : node.isObject() ? "an object" : node.getNodeType().toString();
    }
}
