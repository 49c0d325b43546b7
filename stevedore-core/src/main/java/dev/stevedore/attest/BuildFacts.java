package dev.stevedore.attest;

import dev.stevedore.exec.ResolvedBase;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What provenance may say about one build. Secret values are not here, by construction.
 *
 * @param builderId      the builder's URI ({@code builder.id})
 * @param builderVersion Stevedore's version
 * @param dockerfilePath the Dockerfile's path as given (relative to the context when in it)
 * @param dockerfile     its bytes (in {@code max} mode only)
 * @param context        a git context's URL and commit, when the context is git
 * @param buildArgs      {@code --build-arg}s (values in {@code max} mode only)
 * @param target         {@code --target}
 * @param secretIds      the ids of the secrets the build was given (in {@code max} mode only)
 * @param bases          every base image used, by digest and platform
 * @param stages         the stage graph
 * @param platform       the platform built for
 * @param started        when the build started
 * @param finished       when it finished
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH}: times after it are clamped to it
 */
public record BuildFacts(String builderId, String builderVersion, String dockerfilePath, byte[] dockerfile,
                         Optional<GitSource> context, Map<String, String> buildArgs, Optional<String> target,
                         List<String> secretIds, List<ResolvedBase> bases, List<StageNode> stages, Platform platform,
                         Instant started, Instant finished, Optional<Instant> sourceDateEpoch) {

    public BuildFacts {
        Objects.requireNonNull(builderId, "builderId");
        dockerfile = dockerfile.clone();
        buildArgs = Map.copyOf(buildArgs);
        secretIds = List.copyOf(secretIds);
        bases = List.copyOf(bases);
        stages = List.copyOf(stages);
    }

    /** A git context: its URL (with the ref asked for) and the commit checked out. */
    public record GitSource(String url, String commit) {}

    /** One stage of the graph: its index, name, what it starts from, and the stages it needs. */
    public record StageNode(int index, String name, String base, List<Integer> dependsOn, boolean target) {}

    /** The Dockerfile's sha256. */
    public Digest dockerfileDigest() {
        return Digest.sha256(dockerfile);
    }

    /** {@code time} clamped by {@code SOURCE_DATE_EPOCH}, as BuildKit clamps provenance times. */
    public Instant clamp(Instant time) {
        return sourceDateEpoch.filter(time::isAfter).orElse(time);
    }
}
