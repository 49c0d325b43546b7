package dev.stevedore.registry;

import java.util.Optional;

/** Where the credentials for a registry come from; {@link DockerConfig} is the usual one. */
@FunctionalInterface
public interface CredentialSource {

    CredentialSource NONE = registry -> Optional.empty();

    /**
     * The credentials for {@code registry}: a host[:port] as in a reference ({@code docker.io},
     * {@code 127.0.0.1:5000}), or a mirror's host.
     */
    Optional<Credentials> lookup(String registry);
}
