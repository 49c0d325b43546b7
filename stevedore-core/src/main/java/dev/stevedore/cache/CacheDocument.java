package dev.stevedore.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A shared cache as an OCI artifact ({@code docs/cache-format.md}): an OCI image manifest whose
 * {@code artifactType} is {@link #ARTIFACT_TYPE}, whose config (media type {@link #CONFIG_TYPE})
 * lists the records, and whose layers are the records' layers, each once.
 */
public final class CacheDocument {

    /** The manifest's {@code artifactType}. */
    public static final String ARTIFACT_TYPE = "application/vnd.stevedore.cache.v1";
    /** The config's media type. */
    public static final String CONFIG_TYPE = "application/vnd.stevedore.cache.config.v1+json";
    /** The version of the config's form; another is a foreign cache, read by no one here. */
    public static final int VERSION = 1;
    /** A config larger than this is not a cache but an attack (16 MiB: about 30 000 records). */
    public static final long MAX_CONFIG = 16L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private CacheDocument() {}

    /** The config and manifest of a cache holding {@code records}. */
    public record Written(byte[] config, Descriptor configDescriptor, ImageManifest manifest) {}

    public static Written write(List<CacheRecord> records) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("records");
        Map<Digest, Descriptor> layers = new LinkedHashMap<>();
        for (CacheRecord r : records) {
            list.add(CacheRecordJson.write(r));
            layer(r).ifPresent(l -> layers.putIfAbsent(l.blob().digest(), l.blob()));
        }
        byte[] config = root.toString().getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(CONFIG_TYPE, config);
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, Optional.of(ARTIFACT_TYPE),
                configDescriptor, List.copyOf(layers.values()), Optional.empty(), Map.of());
        return new Written(config, configDescriptor, manifest);
    }

    /** The annotation of an image manifest that holds an inline cache: the config, as JSON text. */
    public static final String INLINE_ANNOTATION = "dev.stevedore.cache.v1";

    /** Whether {@code manifest} is a Stevedore cache (else it is foreign: an image, BuildKit's cache, ...). */
    public static boolean isCache(ImageManifest manifest) {
        return manifest.config().mediaType().equals(CONFIG_TYPE);
    }

    /**
     * The records of a cache whose manifest is {@code manifest} and config {@code config}.
     *
     * @throws InvalidInputException when the config is not valid, of another version, or names a
     *         layer the manifest does not hold
     */
    public static List<CacheRecord> read(ImageManifest manifest, byte[] config) {
        JsonNode root;
        try {
            root = JSON.readTree(config);
        } catch (IOException e) {
            throw new InvalidInputException("its config is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("its config is not a JSON object");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new InvalidInputException("its format version is " + root.path("version")
                    + ", this Stevedore reads version " + VERSION);
        }
        Map<Digest, Descriptor> layers = new LinkedHashMap<>();
        manifest.layers().forEach(l -> layers.put(l.digest(), l));
        List<CacheRecord> records = new ArrayList<>();
        for (JsonNode node : root.path("records")) {
            CacheRecord record = CacheRecordJson.read(node);
            if (layer(record).isPresent()) {
                Descriptor blob = layer(record).get().blob();
                Descriptor listed = layers.get(blob.digest());
                if (listed == null || listed.size() != blob.size()) {
                    throw new InvalidInputException("record " + record.key() + " names layer " + blob.digest()
                            + ", which the cache's manifest does not hold");
                }
            }
            records.add(record);
        }
        return records;
    }

    /** The layer a record names, if any. */
    private static Optional<CacheRecord.Layer> layer(CacheRecord record) {
        return switch (record) {
            case CacheRecord.Step step -> step.layer();
            case CacheRecord.Selection selection -> Optional.empty();
            case CacheRecord.Mount mount -> Optional.of(mount.layer());
        };
    }
}
