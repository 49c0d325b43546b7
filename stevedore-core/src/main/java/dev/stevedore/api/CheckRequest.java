package dev.stevedore.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the build checks need of a build: the context, the Dockerfile, and what changes its
 * meaning (build args, target, platform, named contexts). See {@link BuildRequest} for each;
 * {@code contextUrl} is a remote context, which replaces {@code contextDir}.
 *
 * @param contextDir    the build context's directory ({@code -} for a context on standard input)
 * @param contextUrl    a remote context (git or HTTP URL), which replaces {@code contextDir}
 * @param dockerfile    the Dockerfile; empty: {@code Dockerfile} in the context
 * @param buildArgs     {@code --build-arg} values
 * @param target        {@code --target}: the stage whose dependencies are checked
 * @param platform      {@code --platform}: the target platform
 * @param buildContexts {@code --build-context NAME=VALUE} values
 */
public record CheckRequest(Path contextDir, Optional<String> contextUrl, Optional<Path> dockerfile, Map<String, String> buildArgs,
                           Optional<String> target, Optional<String> platform, List<String> buildContexts) {

    /** Checks the components and keeps copies of the mutable ones. */
    public CheckRequest {
        Objects.requireNonNull(contextDir, "contextDir");
        Objects.requireNonNull(contextUrl, "contextUrl");
        Objects.requireNonNull(dockerfile, "dockerfile");
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        buildContexts = List.copyOf(buildContexts);
    }

    /**
     * The checks of {@code contextDir} with {@code dockerfile}, nothing else set.
     *
     * @param contextDir the build context's directory
     * @param dockerfile the Dockerfile; empty: the context's own
     * @return the request
     */
    public static CheckRequest of(Path contextDir, Optional<Path> dockerfile) {
        return new CheckRequest(contextDir, Optional.empty(), dockerfile, Map.of(), Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * The checks of the build {@code request} describes: {@code build --check}.
     *
     * @param request the build
     * @return its context, Dockerfile, build args, target, platform and named contexts
     */
    public static CheckRequest of(BuildRequest request) {
        return new CheckRequest(request.contextDir(), request.contextUrl(), request.dockerfile(), request.buildArgs(), request.target(),
                request.platform(), request.buildContexts());
    }
}
