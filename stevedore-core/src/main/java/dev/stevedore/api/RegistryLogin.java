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
     * @param registry    the registry's host, with its port if it has one
     * @param credentials the login to try
     * @param options     how to reach it (insecure registries, mirrors do not apply)
     * @throws dev.stevedore.diag.UnauthorizedException when it refuses them
     */
    public static void check(String registry, Credentials credentials, RegistryOptions options) {
        RegistryClient.checkLogin(registry, credentials, options);
    }
}
