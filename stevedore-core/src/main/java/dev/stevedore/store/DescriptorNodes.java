package dev.stevedore.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.Platform;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * OCI descriptors to and from JSON trees, tolerant of fields we do not know (urls,
 * artifactType, ...): reading ignores them. The {@code oci} package's canonical JSON is not
 * used on purpose, so the store depends only on the descriptor record.
 */
final class DescriptorNodes {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private DescriptorNodes() {}

    static ObjectNode toJson(Descriptor d) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        if (!d.annotations().isEmpty()) {
            ObjectNode annotations = node.putObject("annotations");
            new TreeMap<>(d.annotations()).forEach(annotations::put);
        }
        d.platform().ifPresent(p -> {
            ObjectNode platform = node.putObject("platform");
            platform.put("architecture", p.architecture());
            platform.put("os", p.os());
            p.variant().ifPresent(v -> platform.put("variant", v));
        });
        return node;
    }

    /**
     * Reads a descriptor; the caller adds where it comes from to the error.
     *
     * @throws InvalidInputException when a required field is missing or malformed
     */
    static Descriptor fromJson(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidInputException("descriptor " + node + " is not a JSON object");
        }
        JsonNode digest = node.get("digest");
        JsonNode size = node.get("size");
        if (digest == null || !digest.isTextual()) {
            throw new InvalidInputException("descriptor " + node + " has no digest");
        }
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw new InvalidInputException("descriptor " + node + " has no valid size");
        }
        JsonNode mediaType = node.path("mediaType");
        Map<String, String> annotations = new TreeMap<>();
        node.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new Descriptor(mediaType.isTextual() ? mediaType.asText() : "", Digest.parse(digest.asText()),
                size.asLong(), annotations, platform(node.get("platform")));
    }

    private static Optional<Platform> platform(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("os").isTextual()
                || !node.path("architecture").isTextual()) {
            return Optional.empty();
        }
        JsonNode variant = node.path("variant");
        return Optional.of(new Platform(node.get("os").asText(), node.get("architecture").asText(),
                variant.isTextual() ? Optional.of(variant.asText()) : Optional.empty()));
    }
}
