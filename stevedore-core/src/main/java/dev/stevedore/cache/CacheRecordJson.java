package dev.stevedore.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A {@link CacheRecord} as JSON, the one form of a record in the local store and in a shared
 * cache's config (see {@code docs/cache-format.md}). A malformed record is refused.
 */
public final class CacheRecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CacheRecordJson() {}

    public static ObjectNode write(CacheRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", record.key().toString());
        switch (record) {
            case CacheRecord.Step step -> {
                node.put("created", step.created().toString());
                node.set("facts", facts(step.facts()));
                step.layer().ifPresent(l -> node.set("layer", layer(l)));
            }
            case CacheRecord.Selection selection -> node.put("selection", selection.digest());
            case CacheRecord.Mount mount -> {
                node.put("mount", mount.id());
                node.set("layer", layer(mount.layer()));
            }
        }
        return node;
    }

    private static ObjectNode layer(CacheRecord.Layer l) {
        ObjectNode layer = JSON.createObjectNode();
        layer.put("mediaType", l.blob().mediaType());
        layer.put("digest", l.blob().digest().toString());
        layer.put("size", l.blob().size());
        layer.put("diffId", l.diffId().toString());
        return layer;
    }

    private static CacheRecord.Layer layer(JsonNode layer) {
        return new CacheRecord.Layer(new Descriptor(text(layer, "mediaType"), Digest.parse(text(layer, "digest")),
                layer.path("size").asLong(-1)), Digest.parse(text(layer, "diffId")));
    }

    public static byte[] bytes(CacheRecord record) {
        return write(record).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a record from {@code bytes}; see {@link #read(JsonNode)}. */
    public static CacheRecord read(byte[] bytes) {
        try {
            return read(JSON.readTree(bytes));
        } catch (java.io.IOException e) {
            throw new InvalidInputException("a cache record is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a record.
     *
     * @throws InvalidInputException when it is malformed or its key is not the digest of its parts
     */
    public static CacheRecord read(JsonNode node) {
        try {
            Digest key = Digest.parse(text(node, "key"));
            if (node.has("selection")) {
                String digest = text(node, "selection");
                if (!Digest.isValid(digest)) {
                    throw new InvalidInputException("cache record " + key + " holds no digest");
                }
                return new CacheRecord.Selection(key, digest);
            }
            if (node.has("mount")) {
                String id = text(node, "mount");
                if (!key.equals(CacheRecord.Mount.keyOf(id))) {
                    throw new InvalidInputException("cache record " + key + " is not the key of cache mount \"" + id + "\"");
                }
                return new CacheRecord.Mount(key, id, layer(node.path("layer")));
            }
            KeyFacts facts = facts(node.path("facts"));
            Instant created = Instant.parse(text(node, "created"));
            JsonNode layer = node.path("layer");
            Optional<CacheRecord.Layer> l = layer.isMissingNode() || layer.isNull() ? Optional.empty()
                    : Optional.of(layer(layer));
            return new CacheRecord.Step(key, facts, created, l);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new InvalidInputException("a cache record is malformed: " + e.getMessage(), e);
        }
    }

    private static ObjectNode facts(KeyFacts facts) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", facts.kind());
        facts.parent().ifPresent(p -> node.put("parent", p.toString()));
        var parts = node.putArray("parts");
        for (KeyFacts.Fact f : facts.parts()) {
            ObjectNode part = parts.addObject().put("name", f.name()).put("digest", f.value().toString());
            if (!f.variables().isEmpty()) {
                ObjectNode vars = part.putObject("variables");
                new java.util.TreeMap<>(f.variables()).forEach((k, v) -> vars.put(k, v.toString()));
            }
        }
        return node;
    }

    private static KeyFacts facts(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidInputException("a cache record has no \"facts\"");
        }
        Optional<Digest> parent = node.has("parent") ? Optional.of(Digest.parse(text(node, "parent"))) : Optional.empty();
        java.util.List<KeyFacts.Fact> parts = new java.util.ArrayList<>();
        for (JsonNode part : node.path("parts")) {
            java.util.Map<String, Digest> vars = new java.util.LinkedHashMap<>();
            part.path("variables").properties().forEach(e -> vars.put(e.getKey(), Digest.parse(e.getValue().asText())));
            parts.add(new KeyFacts.Fact(text(part, "name"), Digest.parse(text(part, "digest")), vars));
        }
        return new KeyFacts(text(node, "kind"), parent, parts);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new InvalidInputException("a cache record has no \"" + field + "\"");
        }
        return value.asText();
    }
}
