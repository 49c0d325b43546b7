package dev.stevedore.output;

import dev.stevedore.oci.Compression;
import dev.stevedore.oci.LayerCompression;
import dev.stevedore.layer.LayerForms;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An image of the store as it leaves the machine: its uncompressed layers in their compressed
 * form ({@link LayerForms}), in a manifest written beside the stored one. The config, and so the
 * image id, is the same; only the manifest's digest differs, as between Docker's local image and
 * its pushed one. An image whose layers are all compressed already (pulled, built with a push or an
 * export, or stored before layers were kept uncompressed) is handed out as it is, digest kept.
 */
public final class ExportedForm {

    private ExportedForm() {}

    /**
     * {@code top} (an image manifest, or an index of them and their attestations) with every
     * uncompressed layer as {@code compression}; the new manifests are in the store, protected
     * by {@code lease}.
     */
    public static Descriptor of(Store store, Lease lease, Descriptor top, LayerCompression compression) {
        Parsed<Manifest> parsed = OciJson.readManifest(store.blobs().read(top.digest()), top.digest().toString());
        return switch (parsed.value()) {
            case ImageManifest m -> image(store, lease, top, m, compression);
            case ImageIndex index -> index(store, lease, top, index, compression);
        };
    }

    private static Descriptor image(Store store, Lease lease, Descriptor top, ImageManifest m, LayerCompression c) {
        List<Descriptor> layers = m.layers().stream().map(l -> LayerForms.as(store, lease, l, c)).toList();
        boolean toOci = c.type() == Compression.ZSTD && MediaType.isDocker(top.mediaType());
        if (layers.equals(m.layers()) && !toOci) {
            return top;
        }
        if (toOci) {
            // zstd layers have no Docker media type: the manifest becomes an OCI one, as BuildKit's
            // oci-mediatypes, its config the same bytes under OCI's type
            Descriptor config = new Descriptor(MediaType.OCI_CONFIG, m.config().digest(), m.config().size());
            Descriptor written = put(store, lease, top, new ImageManifest(m.schemaVersion(), MediaType.OCI_MANIFEST,
                    m.artifactType(), config, layers, m.subject(), m.annotations()));
            return new Descriptor(MediaType.OCI_MANIFEST, written.digest(), written.size(), written.annotations(),
                    written.platform(), written.urls(), written.artifactType());
        }
        return put(store, lease, top, new ImageManifest(m.schemaVersion(), m.mediaType(), m.artifactType(),
                m.config(), layers, m.subject(), m.annotations()));
    }

    /**
     * Each image of the index in its exported form; an attestation of a converted image gets the
     * new manifest as its subject (its statements name the image by digest, the one place they do).
     */
    private static Descriptor index(Store store, Lease lease, Descriptor top, ImageIndex index, LayerCompression c) {
        Map<String, Descriptor> converted = new HashMap<>();
        List<Descriptor> entries = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            if (entry.isAttestation() || !store.blobs().exists(entry.digest())) {
                // a platform a pull left out stays named as the registry has it (as containerd keeps it)
                entries.add(entry);
                continue;
            }
            Descriptor exported = of(store, lease, entry, c);
            if (!exported.equals(entry)) {
                converted.put(entry.digest().toString(), exported);
            }
            entries.add(exported);
        }
        if (converted.isEmpty()) {
            return top;
        }
        entries.replaceAll(e -> {
            Descriptor image = converted.get(e.annotations().get(Descriptor.DOCKER_REFERENCE_DIGEST));
            return e.isAttestation() && image != null ? resubject(store, lease, e, image.digest()) : e;
        });
        // an index of OCI manifests is an OCI index (a Docker list cannot name them)
        boolean toOci = MediaType.isDocker(top.mediaType())
                && entries.stream().anyMatch(e -> e.mediaType().equals(MediaType.OCI_MANIFEST));
        String mediaType = toOci ? MediaType.OCI_INDEX : top.mediaType();
        ImageIndex exported = new ImageIndex(index.schemaVersion(), toOci ? MediaType.OCI_INDEX : index.mediaType(),
                index.artifactType(), entries, index.subject(), index.annotations());
        byte[] json = OciJson.write(exported);
        Digest digest = store.blobs().put(json, Digest.sha256(json), lease).digest();
        return new Descriptor(mediaType, digest, json.length, top.annotations(), top.platform(), top.urls(),
                top.artifactType());
    }

    /** The attestation manifest {@code entry} about {@code image} instead of the stored image it named. */
    private static Descriptor resubject(Store store, Lease lease, Descriptor entry, Digest image) {
        String old = entry.annotations().get(Descriptor.DOCKER_REFERENCE_DIGEST);
        ImageManifest m = OciJson.readImageManifest(store.blobs().read(entry.digest()), entry.digest().toString())
                .value();
        List<Descriptor> statements = new ArrayList<>();
        for (Descriptor s : m.layers()) {
            String text = new String(store.blobs().read(s.digest()), StandardCharsets.UTF_8);
            // the statement's subject is {"sha256": "<hex>"}: the old manifest's hex occurs there only
            byte[] json = text.replace(Digest.parse(old).hex(), image.hex()).getBytes(StandardCharsets.UTF_8);
            Digest d = store.blobs().put(json, Digest.sha256(json), lease).digest();
            statements.add(new Descriptor(s.mediaType(), d, json.length, s.annotations(), s.platform(), s.urls(),
                    s.artifactType()));
        }
        var subject = m.subject().map(d -> d.digest().toString().equals(old)
                ? new Descriptor(d.mediaType(), image, store.blobs().size(image)) : d);
        Descriptor written = put(store, lease, entry, new ImageManifest(m.schemaVersion(), m.mediaType(),
                m.artifactType(), m.config(), statements, subject, m.annotations()));
        return written.withAnnotation(Descriptor.DOCKER_REFERENCE_DIGEST, image.toString());
    }

    /** Writes {@code m} and returns {@code was} pointing to it (platform and annotations kept). */
    private static Descriptor put(Store store, Lease lease, Descriptor was, ImageManifest m) {
        byte[] json = OciJson.write(m);
        Digest digest = store.blobs().put(json, Digest.sha256(json), lease).digest();
        return new Descriptor(was.mediaType(), digest, json.length, was.annotations(), was.platform(), was.urls(),
                was.artifactType());
    }
}
