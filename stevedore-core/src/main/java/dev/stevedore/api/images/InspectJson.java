package dev.stevedore.api.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.output.StoredImage;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * {@code stevedore inspect}: the fields of {@code docker image inspect} that scripts read (Id,
 * RepoTags, RepoDigests (only of images pulled or pushed, as Docker's), Parent, Comment, Created, Author, Config, Architecture, Os, Variant, Size,
 * RootFS), plus the {@code Manifest} descriptor. {@code Config} is the config's own {@code config}
 * object, as stored (the OCI field names Docker also uses). {@code Parent} is empty, as for every
 * image Docker did not build with its legacy builder; there is no {@code GraphDriver},
 * {@code Container} or {@code DockerVersion}: no daemon stores these images.
 */
final class InspectJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InspectJson() {}

    /**
     * @param size        an image's size as Docker counts it (its layers' files, unpacked)
     * @param repoDigests an image's {@code name@digest} entries of the registries it came from or went
     *                    to (full names; see {@link dev.stevedore.registry.RepoDigests})
     */
    static String write(List<LocalImage> images, ToLongFunction<StoredImage> size,
                        Function<LocalImage, List<String>> repoDigests) {
        ArrayNode array = JSON.createArrayNode();
        images.forEach(i -> array.add(object(i, size.applyAsLong(i.image()), repoDigests.apply(i))));
        try {
            return JSON.writeValueAsString(array) + "\n";
        } catch (IOException e) {
            throw new InternalException("cannot write the inspect JSON: " + e.getMessage(), e);
        }
    }

    private static ObjectNode object(LocalImage local, long size, List<String> repoDigests) {
        StoredImage image = local.image();
        ImageConfig config = image.config().value();
        JsonNode raw = readTree(image.config().raw());
        ObjectNode o = JSON.createObjectNode();
        o.put("Id", local.id().toString());
        ArrayNode tags = o.putArray("RepoTags");
        local.tags().forEach(t -> tags.add(t.familiarString()));
        ArrayNode digests = o.putArray("RepoDigests");
        repoDigests.forEach(d -> digests.add(familiar(d)));
        o.put("Parent", "");
        o.put("Comment", comment(raw, config));
        o.put("Created", config.created().map(Object::toString).orElse(""));
        o.put("Author", config.author());
        o.set("Config", raw.path("config").isObject() ? raw.get("config") : JSON.createObjectNode());
        o.put("Architecture", config.architecture());
        if (!config.variant().isEmpty()) {
            o.put("Variant", config.variant());
        }
        o.put("Os", config.os());
        o.put("Size", size);
        ObjectNode rootfs = o.putObject("RootFS");
        rootfs.put("Type", config.rootfs().type());
        ArrayNode layers = rootfs.putArray("Layers");
        config.rootfs().diffIds().stream().map(Digest::toString).forEach(layers::add);
        Descriptor m = image.manifestDescriptor();
        o.set("Manifest", readTree(OciJson.write(ImageIndex.oci(
                List.of(new Descriptor(m.mediaType(), m.digest(), m.size()))))).path("manifests").get(0));
        local.index().ifPresent(index -> {
            // a multi-platform image: its index, and each platform's manifest and image id
            Descriptor d = index.descriptor();
            o.set("Index", readTree(OciJson.write(ImageIndex.oci(
                    List.of(new Descriptor(d.mediaType(), d.digest(), d.size()))))).path("manifests").get(0));
            ArrayNode manifests = o.putArray("Manifests");
            for (StoredImage entry : index.entries()) {
                ObjectNode e = readTree(OciJson.write(ImageIndex.oci(List.of(entry.manifestDescriptor()))))
                        .path("manifests").get(0).deepCopy();
                e.put("ImageId", entry.id().toString());
                manifests.add(e);
            }
        });
        return o;
    }

    /**
     * The config's own {@code comment}, else its last step's, as Docker shows it: a Dockerfile
     * build's is {@code buildkit.dockerfile.v0}, an import's its message.
     */
    private static String comment(JsonNode raw, ImageConfig config) {
        String own = raw.path("comment").asText("");
        if (!own.isEmpty() || config.history().isEmpty()) {
            return own;
        }
        return config.history().getLast().comment();
    }

    /** {@code name@digest} as Docker shows it: {@code busybox@sha256:...} for Docker Hub's library. */
    private static String familiar(String repoDigest) {
        int at = repoDigest.lastIndexOf('@');
        return ImageReference.parse(repoDigest.substring(0, at)).familiarName() + repoDigest.substring(at);
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InternalException("cannot read stored JSON: " + e.getMessage(), e);
        }
    }
}
