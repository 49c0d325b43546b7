package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI image index or a Docker manifest list: manifests per platform, plus (from BuildKit)
 * attestation manifests on the {@code unknown/unknown} platform.
 */
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        Optional<String> artifactType,
        List<Descriptor> manifests,
        Optional<Descriptor> subject,
        Map<String, String> annotations) implements Manifest {

    public ImageIndex {
        Objects.requireNonNull(mediaType, "mediaType");
        if (!MediaType.isIndex(mediaType)) {
            throw new InvalidInputException("\"" + mediaType + "\" is not an image index media type");
        }
        Objects.requireNonNull(artifactType, "artifactType");
        manifests = List.copyOf(manifests);
        Objects.requireNonNull(subject, "subject");
        annotations = Map.copyOf(annotations);
    }

    /** An OCI index of {@code manifests}. */
    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaType.OCI_INDEX, Optional.empty(), manifests, Optional.empty(), Map.of());
    }

    /** The entries that are images, without attestation manifests. */
    public List<Descriptor> images() {
        return manifests.stream().filter(d -> !d.isAttestation()).toList();
    }
}
