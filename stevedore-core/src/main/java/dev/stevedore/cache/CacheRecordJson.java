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
 * cache's config (see {@code docs/cache-format.md}). Reading checks that a step's key is the
 * digest of its parts, so a corrupt record is refused, never a wrong hit.
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
                node.put("parts", step.canonicalKey());
                step.layer().ifPresent(l -> {
                    ObjectNode layer = node.putObject("layer");
                    layer.put("mediaType", l.blob().mediaType());
                    layer.put("digest", l.blob().digest().toString());
                    layer.put("size", l.blob().size());
                    layer.put("diffId", l.diffId().toString());
                });
            }
            case CacheRecord.Selection selection -> node.put("selection", selection.digest());
        }
        return node;
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
            String parts = text(node, "parts");
            if (!key.matches(parts.getBytes(StandardCharsets.UTF_8))) {
                throw new InvalidInputException("cache record " + key + " is not the digest of its key's parts");
            }
            Instant created = Instant.parse(text(node, "created"));
            JsonNode layer = node.path("layer");
            Optional<CacheRecord.Layer> l = layer.isMissingNode() || layer.isNull() ? Optional.empty()
                    : Optional.of(new CacheRecord.Layer(new Descriptor(text(layer, "mediaType"),
                            Digest.parse(text(layer, "digest")), layer.path("size").asLong(-1)),
                            Digest.parse(text(layer, "diffId"))));
            return new CacheRecord.Step(key, parts, created, l);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new InvalidInputException("a cache record is malformed: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new InvalidInputException("a cache record has no \"" + field + "\"");
        }
        return value.asText();
    }
}
