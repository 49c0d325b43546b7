package dev.stevedore.oci;

import java.util.Map;
import java.util.Optional;

/**
 * What a registry serves for a reference: one image's manifest, or an index (a Docker
 * manifest list) of manifests per platform. Read and written by {@code oci.json.OciJson}.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {

    /** Always 2 for the formats Stevedore reads. */
    int schemaVersion();

    /** The document's media type: one of the OCI or Docker manifest or index types. */
    String mediaType();

    Optional<String> artifactType();

    /** The manifest this one refers to (OCI 1.1 referrers), e.g. what a signature signs. */
    Optional<Descriptor> subject();

    Map<String, String> annotations();
}
