package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ImageReference;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which base images are build toolchains, by name: a final image based on one ships compilers,
 * package managers and their caches that the program does not need to run.
 */
final class ToolchainImages {

    /** Repositories (their last path component) whose images are toolchains whatever the tag. */
    static final Set<String> REPOSITORIES = Set.of("golang", "maven", "gradle", "node", "gcc", "rust",
            "buildpack-deps", "clojure", "haskell", "swift", "sbt", "openjdk");

    /** Words of a tag ({@code 21-jdk-jammy}, {@code 12.4-devel-ubuntu22.04}) that mark a development image. */
    static final Set<String> TAG_WORDS = Set.of("jdk", "sdk", "dev", "devel");

    /** Words of a tag that mark the runtime flavour of a toolchain repository ({@code openjdk:17-jre}). */
    static final Set<String> RUNTIME_WORDS = Set.of("jre");

    private ToolchainImages() {}

    /** Whether {@code image} (a FROM value, expanded) names a toolchain image. */
    static boolean isToolchain(String image) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(image);
        } catch (InvalidInputException e) {
            return false;
        }
        String path = ref.path().toLowerCase(Locale.ROOT);
        String repository = path.substring(path.lastIndexOf('/') + 1);
        List<String> tagWords = List.of(ref.tag().orElse("").toLowerCase(Locale.ROOT).split("[-_.]"));
        if (tagWords.stream().anyMatch(RUNTIME_WORDS::contains)) {
            return false;
        }
        return REPOSITORIES.contains(repository) || path.endsWith("dotnet/sdk")
                || tagWords.stream().anyMatch(TAG_WORDS::contains);
    }
}
