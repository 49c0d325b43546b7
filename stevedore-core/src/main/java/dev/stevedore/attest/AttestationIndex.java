package dev.stevedore.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BuildKit's attestation storage: the image becomes an OCI index of its manifest (with its
 * platform) and one attestation manifest on the {@code unknown/unknown} platform, annotated
 * {@code vnd.docker.reference.type: attestation-manifest} and
 * {@code vnd.docker.reference.digest: <the image manifest>}, whose layers are the in-toto
 * statements ({@code application/vnd.in-toto+json}, annotated with their predicate type) and
 * whose config is a minimal image config, there for registries that want one.
 */
public final class AttestationIndex {

    public static final Platform UNKNOWN = Platform.of("unknown", "unknown");
    public static final String ATTESTATION_MANIFEST = "attestation-manifest";

    private AttestationIndex() {}

    /** One statement found beside an image. */
    public record Attestation(Descriptor image, Descriptor layer, String predicateType, byte[] statement) {

        public Attestation {
            statement = statement.clone();
        }
    }

    /**
     * Writes {@code statements} about {@code image} and the attestation manifest holding them into
     * {@code store}, under {@code lease}; the index holding the images and their attestation
     * manifests is {@code store.IndexWriter}'s.
     *
     * @param subjectName the statements' subject name ({@code pkg:docker/app@1?platform=linux%2Famd64})
     * @return the attestation manifest's descriptor ({@code unknown/unknown}, pointing at {@code image})
     */
    public static Descriptor manifest(Store store, Lease lease, Descriptor image, String subjectName,
                                      List<Statement> statements) {
        List<Descriptor> layers = new ArrayList<>();
        for (Statement s : statements) {
            byte[] json = s.json(subjectName, image.digest());
            Descriptor d = Descriptor.of(Statement.MEDIA_TYPE, json)
                    .withAnnotation(Statement.PREDICATE_TYPE_ANNOTATION, s.predicateType());
            for (Map.Entry<String, String> a : s.annotations().entrySet()) {
                d = d.withAnnotation(a.getKey(), a.getValue());
            }
            store.blobs().put(json, d.digest(), lease);
            layers.add(d);
        }
        byte[] config = config(layers);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, config);
        store.blobs().put(config, configDescriptor.digest(), lease);
        byte[] manifest = OciJson.write(ImageManifest.oci(configDescriptor, layers));
        Descriptor manifestDescriptor = Descriptor.of(MediaType.OCI_MANIFEST, manifest)
                .withPlatform(UNKNOWN)
                .withAnnotation(Descriptor.DOCKER_REFERENCE_TYPE, ATTESTATION_MANIFEST)
                .withAnnotation(Descriptor.DOCKER_REFERENCE_DIGEST, image.digest().toString());
        store.blobs().put(manifest, manifestDescriptor.digest(), lease);
        return manifestDescriptor;
    }

    /**
     * The statements beside the images of {@code top}, each with the image manifest it is about;
     * none when {@code top} is a plain image manifest.
     */
    public static List<Attestation> read(Store store, Descriptor top) {
        if (!MediaType.isIndex(top.mediaType())) {
            return List.of();
        }
        ImageIndex index = OciJson.readIndex(store.blobs().read(top.digest()), top.digest().toString()).value();
        Map<String, Descriptor> images = new HashMap<>();
        index.images().forEach(d -> images.put(d.digest().toString(), d));
        List<Attestation> found = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            if (!entry.isAttestation()) {
                continue;
            }
            Optional<Descriptor> image = Optional.ofNullable(images.get(entry.annotations().get(Descriptor.DOCKER_REFERENCE_DIGEST)));
            if (image.isEmpty() || !store.blobs().exists(entry.digest())) {
                continue;
            }
            Manifest m = OciJson.readManifest(store.blobs().read(entry.digest()), entry.digest().toString()).value();
            if (!(m instanceof ImageManifest manifest)) {
                throw new InvalidInputException("attestation manifest " + entry.digest() + " is an index, not a manifest");
            }
            for (Descriptor layer : manifest.layers()) {
                if (layer.mediaType().equals(Statement.MEDIA_TYPE) && store.blobs().exists(layer.digest())) {
                    found.add(new Attestation(image.get(), layer,
                            layer.annotations().getOrDefault(Statement.PREDICATE_TYPE_ANNOTATION, ""),
                            store.blobs().read(layer.digest())));
                }
            }
        }
        return found;
    }

    /** A valid image config that says nothing: {@code unknown/unknown}, the statements as its layers' diffIDs. */
    private static byte[] config(List<Descriptor> layers) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode c = mapper.createObjectNode();
        c.put("architecture", "unknown");
        c.put("os", "unknown");
        c.putObject("config");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        layers.forEach(l -> ids.add(l.digest().toString()));
        try {
            return mapper.writeValueAsBytes(c);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
