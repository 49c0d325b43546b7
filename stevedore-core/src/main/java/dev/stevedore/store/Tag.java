package dev.stevedore.store;

import dev.stevedore.oci.Descriptor;
import java.util.Objects;

/**
 * A tagged image: an entry of {@code oci/index.json} whose descriptor carries the annotation
 * {@code org.opencontainers.image.ref.name} = {@code name}.
 *
 * @param name the full normalized reference, e.g. {@code docker.io/library/alpine:latest}
 */
public record Tag(String name, Descriptor descriptor) {

    public Tag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(descriptor, "descriptor");
    }
}
