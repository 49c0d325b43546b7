package dev.stevedore.oci.json;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.MediaType;

/**
 * Image manifests and indexes in JSON. The kind comes from the {@code mediaType} field, or,
 * when a document has none (allowed for OCI), from its content: {@code manifests} makes an
 * index, {@code layers} or {@code config} a manifest. A document that claims one kind but
 * carries the other's fields is refused, so that the same bytes can never be read as both
 * (the ambiguity of CVE-2021-41190).
 */
final class ManifestJson {

    private ManifestJson() {}

    static Manifest read(JsonField root) {
        String declared = root.field("mediaType").string();
        boolean hasManifests = root.has("manifests");
        boolean hasLayers = root.has("layers") || root.has("config");
        if (MediaType.isSchema1(declared) || root.has("fsLayers") || root.field("schemaVersion").longOrZero() == 1) {
            throw root.error("Docker schema 1 manifests are not supported (deprecated since Docker 1.10 and"
                    + " refused by current Docker); push the image again with a current client");
        }
        if (hasManifests && hasLayers) {
            throw root.error("has both \"manifests\" and \"layers\"/\"config\": it is neither a valid manifest"
                    + " nor a valid index");
        }
        if (declared.isEmpty()) {
            if (hasManifests) {
                return readIndex(root, MediaType.OCI_INDEX);
            }
            if (hasLayers) {
                return readManifest(root, MediaType.OCI_MANIFEST);
            }
            throw root.error("has no \"mediaType\", \"manifests\" or \"layers\": not an image manifest or index");
        }
        if (MediaType.isIndex(declared)) {
            return readIndex(root, declared);
        }
        if (MediaType.isManifest(declared)) {
            return readManifest(root, declared);
        }
        throw root.field("mediaType").error("unsupported media type \"" + declared
                + "\" (expected an OCI or Docker schema 2 manifest or index)");
    }

    static ImageManifest readManifest(JsonField root, String mediaType) {
        checkSchemaVersion(root);
        if (root.has("manifests")) {
            throw root.field("manifests").error("a manifest of type " + mediaType + " cannot list manifests");
        }
        root.field("layers").required();
        return new ImageManifest(2, mediaType, root.field("artifactType").optionalString(),
                DescriptorJson.read(root.field("config")), root.field("layers").list(DescriptorJson::read),
                DescriptorJson.readOptional(root.field("subject")), root.field("annotations").stringMap());
    }

    static ImageIndex readIndex(JsonField root, String mediaType) {
        checkSchemaVersion(root);
        if (root.has("layers") || root.has("config")) {
            throw root.error("an index of type " + mediaType + " cannot have \"layers\" or \"config\"");
        }
        root.field("manifests").required();
        return new ImageIndex(2, mediaType, root.field("artifactType").optionalString(),
                root.field("manifests").list(DescriptorJson::read),
                DescriptorJson.readOptional(root.field("subject")), root.field("annotations").stringMap());
    }

    /** schemaVersion, mediaType, artifactType, config, layers, subject, annotations. */
    static void write(GoJsonWriter w, Manifest manifest) {
        w.startObject().field("schemaVersion", manifest.schemaVersion()).field("mediaType", manifest.mediaType());
        manifest.artifactType().ifPresent(a -> w.field("artifactType", a));
        switch (manifest) {
            case ImageManifest m -> {
                DescriptorJson.write(w.name("config"), m.config());
                writeList(w.name("layers"), m);
            }
            case ImageIndex i -> {
                w.name("manifests").startArray();
                i.manifests().forEach(d -> DescriptorJson.write(w, d));
                w.endArray();
            }
        }
        manifest.subject().ifPresent(s -> DescriptorJson.write(w.name("subject"), s));
        w.stringMapIfNotEmpty("annotations", manifest.annotations());
        w.endObject();
    }

    private static void writeList(GoJsonWriter w, ImageManifest m) {
        w.startArray();
        for (Descriptor layer : m.layers()) {
            DescriptorJson.write(w, layer);
        }
        w.endArray();
    }

    private static void checkSchemaVersion(JsonField root) {
        JsonField version = root.field("schemaVersion").required();
        if (version.longOrZero() != 2) {
            throw version.error("must be 2, got " + version.longOrZero());
        }
    }
}
