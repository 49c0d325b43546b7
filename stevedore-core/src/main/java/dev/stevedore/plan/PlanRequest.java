package dev.stevedore.plan;

import dev.stevedore.oci.Platform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plan is made for.
 *
 * @param target         the stage to build, by name (any case); empty means the last stage
 * @param buildArgs      the {@code --build-arg} values
 * @param targetPlatform the platform the image is built for ({@code TARGETPLATFORM})
 * @param buildPlatform  the platform the build runs on ({@code BUILDPLATFORM})
 * @param contexts       the named build contexts ({@code --build-context})
 */
public record PlanRequest(Optional<String> target, BuildArgs buildArgs, Platform targetPlatform,
                          Platform buildPlatform, List<NamedContext> contexts) {

    public PlanRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(buildArgs, "buildArgs");
        Objects.requireNonNull(targetPlatform, "targetPlatform");
        Objects.requireNonNull(buildPlatform, "buildPlatform");
        contexts = List.copyOf(contexts);
    }

    /** The last stage, no build args, no named contexts, target = build = {@code platform}. */
    public static PlanRequest of(Platform platform) {
        return new PlanRequest(Optional.empty(), BuildArgs.NONE, platform, platform, List.of());
    }

    public PlanRequest withTarget(String stage) {
        return new PlanRequest(Optional.of(stage), buildArgs, targetPlatform, buildPlatform, contexts);
    }

    public PlanRequest withBuildArgs(BuildArgs args) {
        return new PlanRequest(target, args, targetPlatform, buildPlatform, contexts);
    }

    public PlanRequest withContexts(List<NamedContext> named) {
        return new PlanRequest(target, buildArgs, targetPlatform, buildPlatform, named);
    }
}
