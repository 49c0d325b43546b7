package dev.stevedore.sbom;

import java.util.Objects;

/**
 * One package found in an image.
 *
 * @param ecosystem where it comes from
 * @param name      its name in that ecosystem ({@code libc6}, {@code org.slf4j:slf4j-api},
 *                  {@code @babel/core}, {@code golang.org/x/text})
 * @param version   its version as the ecosystem writes it; empty when the file did not say
 * @param purl      its package URL
 * @param foundIn   the file it was found in, absolute in the image; inside an archive
 *                  {@code /app/app.jar!/BOOT-INF/lib/dep.jar}
 */
public record SoftwarePackage(Ecosystem ecosystem, String name, String version, String purl, String foundIn) {

    public SoftwarePackage {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(purl, "purl");
        Objects.requireNonNull(foundIn, "foundIn");
    }
}
