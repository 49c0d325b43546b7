package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a build lets its Dockerfile loosen, as BuildKit's entitlements ({@code --allow}): a
 * Dockerfile from anywhere may not take itself out of the sandbox.
 */
public enum Entitlement {
    /** {@code RUN --security=insecure}: every capability, no seccomp filter. */
    SECURITY_INSECURE("security.insecure"),
    /** {@code RUN --network=host}: the host's network, loopback services included. */
    NETWORK_HOST("network.host");

    private final String text;

    Entitlement(String text) {
        this.text = text;
    }

    /** BuildKit's name, as {@code --allow} takes it. */
    public String text() {
        return text;
    }

    /** @throws InvalidInputException for a name that is not one of BuildKit's entitlements we know */
    public static Entitlement parse(String text) {
        return Arrays.stream(values()).filter(e -> e.text.equals(text)).findFirst()
                .orElseThrow(() -> new InvalidInputException("unknown entitlement \"" + text + "\" in --allow (use "
                        + Arrays.stream(values()).map(Entitlement::text).collect(Collectors.joining(" or ")) + ")"));
    }
}
