package dev.stevedore.api;

import dev.stevedore.exec.mounts.SecretSource;
import dev.stevedore.exec.mounts.SshSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code stevedore build} accepts, as one value.
 *
 * @param contextDir    the build context: a directory, a tar archive (plain, gzip, bzip2, zstd), or
 *                      {@code -} for standard input (a tar, or a Dockerfile alone)
 * @param dockerfile    the Dockerfile; empty means {@code Dockerfile} in the context; a host path for a
 *                      directory context (anywhere), a path inside the archive for a tar context;
 *                      {@code -} reads it from standard input
 * @param tags          references to tag the image with in the store ({@code -t})
 * @param buildArgs     {@code --build-arg NAME=VALUE}
 * @param target        {@code --target}: the stage to build; empty means the last
 * @param platform      {@code --platform}; empty means the host's
 * @param noCache       {@code --no-cache}
 * @param noCacheFilter {@code --no-cache-filter}: stages that ignore the cache
 * @param jobs          {@code --jobs}: stages run at once; 0 means the number of CPUs
 * @param storeRoot     {@code --root}; empty means the default store
 * @param iidFile       {@code --iidfile}: where to write the image ID
 * @param metadataFile  {@code --metadata-file}: where to write BuildKit's result metadata JSON
 * @param buildContexts {@code --build-context NAME=DIR|docker-image://REF}, as written
 * @param secrets       {@code --secret id=ID,src=FILE|env=VAR}: what {@code RUN --mount=type=secret} reads
 * @param ssh           {@code --ssh default|ID=SOCKET}: agents {@code RUN --mount=type=ssh} forwards
 * @param distribution  registries (pull, push, mirrors, credentials) and {@code --output} exports
 */
public record BuildRequest(Path contextDir, Optional<Path> dockerfile, List<String> tags, Map<String, String> buildArgs,
                           Optional<String> target, Optional<String> platform, boolean noCache,
                           Set<String> noCacheFilter, int jobs, Optional<Path> storeRoot, Optional<Path> iidFile,
                           Optional<Path> metadataFile, List<String> buildContexts, List<SecretSource> secrets,
                           List<SshSource> ssh, Distribution distribution) {

    public BuildRequest {
        Objects.requireNonNull(contextDir, "contextDir");
        Objects.requireNonNull(dockerfile, "dockerfile");
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        noCacheFilter = Set.copyOf(noCacheFilter);
        Objects.requireNonNull(storeRoot, "storeRoot");
        Objects.requireNonNull(iidFile, "iidFile");
        Objects.requireNonNull(metadataFile, "metadataFile");
        buildContexts = List.copyOf(buildContexts);
        secrets = List.copyOf(secrets);
        ssh = List.copyOf(ssh);
        Objects.requireNonNull(distribution, "distribution");
    }

    /** A request without secrets or ssh agents, with the default {@link Distribution}. */
    public BuildRequest(Path contextDir, Optional<Path> dockerfile, List<String> tags, Map<String, String> buildArgs,
                        Optional<String> target, Optional<String> platform, boolean noCache,
                        Set<String> noCacheFilter, int jobs, Optional<Path> storeRoot, Optional<Path> iidFile,
                        Optional<Path> metadataFile, List<String> buildContexts) {
        this(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, noCacheFilter, jobs, storeRoot,
                iidFile, metadataFile, buildContexts, List.of(), List.of(), Distribution.defaults());
    }

    /** A request without named build contexts. */
    public BuildRequest(Path contextDir, Optional<Path> dockerfile, List<String> tags, Map<String, String> buildArgs,
                        Optional<String> target, Optional<String> platform, boolean noCache,
                        Set<String> noCacheFilter, int jobs, Optional<Path> storeRoot, Optional<Path> iidFile,
                        Optional<Path> metadataFile) {
        this(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, noCacheFilter, jobs, storeRoot,
                iidFile, metadataFile, List.of());
    }

    /** A request to build {@code contextDir} with its {@code Dockerfile} and every default. */
    public static BuildRequest of(Path contextDir) {
        return new BuildRequest(contextDir, Optional.empty(), List.of(), Map.of(), Optional.empty(), Optional.empty(),
                false, Set.of(), 0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public BuildRequest withTags(List<String> t) {
        return new BuildRequest(contextDir, dockerfile, t, buildArgs, target, platform, noCache, noCacheFilter, jobs,
                storeRoot, iidFile, metadataFile, buildContexts, secrets, ssh, distribution);
    }

    public BuildRequest withTarget(String t) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, Optional.of(t), platform, noCache,
                noCacheFilter, jobs, storeRoot, iidFile, metadataFile, buildContexts, secrets, ssh, distribution);
    }

    public BuildRequest withStoreRoot(Path root) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, noCacheFilter, jobs,
                Optional.of(root), iidFile, metadataFile, buildContexts, secrets, ssh, distribution);
    }

    public BuildRequest withNoCache(boolean n) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, target, platform, n, noCacheFilter, jobs,
                storeRoot, iidFile, metadataFile, buildContexts, secrets, ssh, distribution);
    }

    public BuildRequest withBuildArgs(Map<String, String> args) {
        return new BuildRequest(contextDir, dockerfile, tags, args, target, platform, noCache, noCacheFilter, jobs,
                storeRoot, iidFile, metadataFile, buildContexts, secrets, ssh, distribution);
    }

    public BuildRequest withDockerfile(Path file) {
        return new BuildRequest(contextDir, Optional.of(file), tags, buildArgs, target, platform, noCache,
                noCacheFilter, jobs, storeRoot, iidFile, metadataFile, buildContexts, secrets, ssh, distribution);
    }

    public BuildRequest withNoCacheFilter(Set<String> stages) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, stages, jobs,
                storeRoot, iidFile, metadataFile, buildContexts, secrets, ssh, distribution);
    }

    public BuildRequest withBuildContexts(List<String> contexts) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, noCacheFilter,
                jobs, storeRoot, iidFile, metadataFile, contexts, secrets, ssh, distribution);
    }

    public BuildRequest withSecrets(List<SecretSource> s) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, noCacheFilter,
                jobs, storeRoot, iidFile, metadataFile, buildContexts, s, ssh, distribution);
    }

    public BuildRequest withSsh(List<SshSource> s) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, noCacheFilter,
                jobs, storeRoot, iidFile, metadataFile, buildContexts, secrets, s, distribution);
    }

    public BuildRequest withDistribution(Distribution d) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, noCacheFilter,
                jobs, storeRoot, iidFile, metadataFile, buildContexts, secrets, ssh, d);
    }

    public BuildRequest withMetadataFile(Path file) {
        return new BuildRequest(contextDir, dockerfile, tags, buildArgs, target, platform, noCache, noCacheFilter,
                jobs, storeRoot, iidFile, Optional.of(file), buildContexts, secrets, ssh, distribution);
    }
}
