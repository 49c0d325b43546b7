package dev.stevedore.oci;

import java.util.Objects;
import java.util.Optional;

/**
 * A platform an image runs on, {@code os/architecture[/variant]}. Parsing and normalization
 * ({@code x86_64} → {@code amd64}, default variants) belong here.
 */
public record Platform(String os, String architecture, Optional<String> variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
