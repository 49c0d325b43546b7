package dev.stevedore.exec;

import dev.stevedore.registry.RegistryOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * Where base images come from when the store does not have them.
 *
 * @param registry how to reach registries; empty means the local store only
 * @param always   {@code --pull}: ask the registry even for an image the store has, so a tag that
 *                 moved is followed
 */
public record Pulls(Optional<RegistryOptions> registry, boolean always) {

    public Pulls {
        Objects.requireNonNull(registry, "registry");
    }

    /** Missing images (all of them with {@code always}) are pulled as {@code registry} says. */
    public static Pulls from(RegistryOptions registry, boolean always) {
        return new Pulls(Optional.of(registry), always);
    }
}
