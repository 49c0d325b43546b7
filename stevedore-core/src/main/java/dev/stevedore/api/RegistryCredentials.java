package dev.stevedore.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A source of registry logins of the program's own (the Maven plugin's {@code settings.xml}
 * servers), asked before Docker's config; see {@link Distribution#withCredentials}.
 */
@FunctionalInterface
public interface RegistryCredentials {

    /** No logins of its own: Docker's config alone. */
    RegistryCredentials NONE = registry -> Optional.empty();

    /**
     * The login for one registry.
     *
     * @param registry the registry's host, with its port if it has one ({@code registry.example.com:5000})
     * @return its login, or empty to ask Docker's config
     */
    Optional<Login> lookup(String registry);

    /**
     * A user's login to a registry.
     *
     * @param username      the user
     * @param password      the password or token
     * @param identityToken an OAuth2 refresh token, used instead of the password when present
     */
    record Login(String username, String password, Optional<String> identityToken) {

        /** Checks the components. */
        public Login {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(identityToken, "identityToken");
        }

        /**
         * A user and password.
         *
         * @param username the user
         * @param password the password or token
         * @return the login, without an identity token
         */
        public static Login of(String username, String password) {
            return new Login(username, password, Optional.empty());
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Login[username=" + username + ", secret=<hidden>]";
        }
    }
}
