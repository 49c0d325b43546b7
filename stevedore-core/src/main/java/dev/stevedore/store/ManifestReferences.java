package dev.stevedore.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The blobs a manifest or an index points to: {@code config} and {@code layers[]} of an image
 * manifest, {@code manifests[]} of an index (OCI or Docker). Read from the JSON tree so any
 * field we do not know is ignored; {@code subject} is not followed, as a referrer does not own
 * the image it refers to.
 */
final class ManifestReferences {

    /** Media types whose blobs are JSON documents that point to other blobs. */
    static final Set<String> PARENTS = Set.of(MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
            MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST);

    private ManifestReferences() {}

    /** Whether a blob of this media type may point to other blobs, so must be read to walk. */
    static boolean isParent(String mediaType) {
        return PARENTS.contains(mediaType);
    }

    /**
     * The descriptors in a manifest or index; the caller adds which blob it is to the error.
     *
     * @throws InvalidInputException when the bytes are not a JSON object or a descriptor is malformed
     */
    static List<Descriptor> of(byte[] json) {
        JsonNode root;
        try {
            root = DescriptorNodes.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidInputException("not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("not a JSON object");
        }
        List<Descriptor> refs = new ArrayList<>();
        if (root.has("config")) {
            refs.add(DescriptorNodes.fromJson(root.get("config")));
        }
        for (String array : List.of("layers", "manifests")) {
            for (JsonNode node : root.path(array)) {
                refs.add(DescriptorNodes.fromJson(node));
            }
        }
        return refs;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
