package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One image: its config blob and its layers, bottom first. An OCI image manifest or a Docker
 * schema 2 manifest, as {@link #mediaType()} says.
 */
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        Optional<String> artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Optional<Descriptor> subject,
        Map<String, String> annotations) implements Manifest {

    public ImageManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        if (!MediaType.isManifest(mediaType)) {
            throw new InvalidInputException("\"" + mediaType + "\" is not an image manifest media type");
        }
        Objects.requireNonNull(artifactType, "artifactType");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        Objects.requireNonNull(subject, "subject");
        annotations = Map.copyOf(annotations);
    }

    /** An OCI manifest of a config and layers, without annotations. */
    public static ImageManifest oci(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, MediaType.OCI_MANIFEST, Optional.empty(), config, layers, Optional.empty(),
                Map.of());
    }

    /** A Docker schema 2 manifest of a config and layers. */
    public static ImageManifest docker(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, MediaType.DOCKER_MANIFEST, Optional.empty(), config, layers, Optional.empty(),
                Map.of());
    }
}
