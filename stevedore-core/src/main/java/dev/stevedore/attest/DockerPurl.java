package dev.stevedore.attest;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How BuildKit names an image in statements and provenance: {@code pkg:docker/NAME@TAG?platform=OS%2FARCH},
 * {@code NAME} familiar ({@code alpine}, {@code 127.0.0.1:5000/library/golang}); an untagged image
 * by its digest.
 */
public final class DockerPurl {

    private DockerPurl() {}

    /** The name of {@code ref} for {@code platform}. */
    public static String of(ImageReference ref, Platform platform) {
        String version = ref.tag().orElseGet(() -> ref.digest().map(Object::toString).orElse(ImageReference.DEFAULT_TAG));
        return "pkg:docker/" + ref.familiarName() + "@" + version + "?platform="
                + URLEncoder.encode(platform.toString(), StandardCharsets.UTF_8);
    }
}
