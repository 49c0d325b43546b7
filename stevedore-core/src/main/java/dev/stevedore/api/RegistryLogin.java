package dev.stevedore.api;

import dev.stevedore.registry.Credentials;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;

/** {@code stevedore login}'s check, through the one door: whether a registry accepts the credentials. */
public final class RegistryLogin {

    private RegistryLogin() {}

    /**
     * Asks {@code registry} to authenticate {@code credentials}.
     *
     * @throws dev.stevedore.diag.UnauthorizedException when it refuses them
     */
    public static void check(String registry, Credentials credentials, RegistryOptions options) {
        RegistryClient.checkLogin(registry, credentials, options);
    }
}
