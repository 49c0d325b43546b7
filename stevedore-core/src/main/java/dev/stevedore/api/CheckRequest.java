package dev.stevedore.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the build checks need of a build: the context, the Dockerfile, and what changes its
 * meaning (build args, target, platform, named contexts). See {@link BuildRequest} for each.
 */
public record CheckRequest(Path contextDir, Optional<Path> dockerfile, Map<String, String> buildArgs,
                           Optional<String> target, Optional<String> platform, List<String> buildContexts) {

    public CheckRequest {
        Objects.requireNonNull(contextDir, "contextDir");
        Objects.requireNonNull(dockerfile, "dockerfile");
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        buildContexts = List.copyOf(buildContexts);
    }

    /** The checks of {@code contextDir} with {@code dockerfile} (empty: the context's own), nothing else set. */
    public static CheckRequest of(Path contextDir, Optional<Path> dockerfile) {
        return new CheckRequest(contextDir, dockerfile, Map.of(), Optional.empty(), Optional.empty(), List.of());
    }

    /** The checks of the build {@code request} describes: {@code build --check}. */
    public static CheckRequest of(BuildRequest request) {
        return new CheckRequest(request.contextDir(), request.dockerfile(), request.buildArgs(), request.target(),
                request.platform(), request.buildContexts());
    }
}
