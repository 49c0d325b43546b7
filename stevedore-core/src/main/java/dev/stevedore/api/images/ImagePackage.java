package dev.stevedore.api.images;

import java.util.Objects;

/**
 * A software package an image holds, as its SBOM lists it.
 *
 * @param type    its package URL type: {@code deb}, {@code apk}, {@code maven}, {@code npm},
 *                {@code golang} or {@code pypi}
 * @param name    its name in that ecosystem ({@code libc6}, {@code org.slf4j:slf4j-api},
 *                {@code @babel/core}, {@code golang.org/x/text})
 * @param version its version as the ecosystem writes it; empty when the file did not say
 * @param purl    its package URL
 * @param foundIn the file it was found in, absolute in the image; inside an archive
 *                {@code /app/app.jar!/BOOT-INF/lib/dep.jar}
 */
public record ImagePackage(String type, String name, String version, String purl, String foundIn) {

    /** Checks the components. */
    public ImagePackage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(purl, "purl");
        Objects.requireNonNull(foundIn, "foundIn");
    }
}
