package dev.stevedore.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * What we log in to a registry with: a user name and password, or an identity token (an OAuth2
 * refresh token, as Docker Hub's and ACR's logins store). Never printed: {@link #toString()}
 * hides the secret, so a record logged by accident leaks nothing.
 *
 * @param username      the user; {@code <token>} when only an identity token is known
 * @param password      the password, or empty when an identity token is used
 * @param identityToken the refresh token, when the login stored one
 */
public record Credentials(String username, String password, Optional<String> identityToken) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(identityToken, "identityToken");
    }

    public static Credentials of(String username, String password) {
        return new Credentials(username, password, Optional.empty());
    }

    /** The value of a {@code Basic} authorization header. */
    String basic() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=<hidden>]";
    }
}
