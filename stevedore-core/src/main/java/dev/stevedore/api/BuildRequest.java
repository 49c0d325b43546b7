package dev.stevedore.api;

import dev.stevedore.runtime.Sandbox;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code stevedore build} accepts, as one value; made with {@link #builder(Path)}.
 *
 * @param contextDir    the build context: a directory, a tar archive (plain, gzip, bzip2, zstd), or
 *                      {@code -} for standard input (a tar, or a Dockerfile alone); ignored with {@code contextUrl}
 * @param contextUrl    a remote context, as {@code docker build URL}: a git repository
 *                      ({@code https://host/repo.git#ref:dir}, {@code git@host:repo}) or a tar archive over http(s)
 * @param dockerfile    the Dockerfile; empty means {@code Dockerfile} in the context; a host path for a
 *                      directory context (anywhere), a path inside the archive for a tar context;
 *                      {@code -} reads it from standard input
 * @param tags          references to tag the image with in the store ({@code -t})
 * @param buildArgs     {@code --build-arg NAME=VALUE}
 * @param labels        {@code --label KEY=VALUE}: labels of the image, over those of the Dockerfile
 * @param target        {@code --target}: the stage to build; empty means the last
 * @param platform      {@code --platform}; empty means the host's
 * @param noCache       {@code --no-cache}
 * @param noCacheFilter {@code --no-cache-filter}: stages that ignore the cache
 * @param jobs          {@code --jobs}: RUN processes at once; 0 means no bound (stages never wait for one another's places)
 * @param storeRoot     {@code --root}; empty means the default store
 * @param runtime       {@code --runtime}: the runc-compatible binary; empty means {@code runc} on the PATH
 * @param iidFile       {@code --iidfile}: where to write the image ID
 * @param metadataFile  {@code --metadata-file}: where to write BuildKit's result metadata JSON
 * @param buildContexts {@code --build-context NAME=DIR|docker-image://REF}, as written
 * @param secrets       {@code --secret id=ID,src=FILE|env=VAR}: what {@code RUN --mount=type=secret} reads
 * @param ssh           {@code --ssh default|ID=SOCKET}: agents {@code RUN --mount=type=ssh} forwards
 * @param network       {@code --network}: the network of a RUN that does not choose one (a private one with outbound access by default)
 * @param sandbox       {@code --add-host}, {@code --shm-size}, {@code --ulimit}: every RUN's container
 * @param distribution  registries (pull, push, mirrors, credentials) and {@code --output} exports
 * @param sharedCache   {@code --cache-from} sources and {@code --cache-to} targets ({@link SharedCache})
 * @param isolation     {@code --isolation}: RUN in an OCI runtime's container (the default) or a chroot
 * @param attestations  {@code --sbom}, {@code --provenance}, {@code --attest}: what is attached beside the image
 */
public record BuildRequest(Path contextDir, Optional<String> contextUrl, Optional<Path> dockerfile, List<String> tags,
                           Map<String, String> buildArgs, Map<String, String> labels, Optional<String> target,
                           Optional<String> platform, boolean noCache, Set<String> noCacheFilter, int jobs,
                           Optional<Path> storeRoot, Optional<Path> runtime, Optional<Path> iidFile,
                           Optional<Path> metadataFile, List<String> buildContexts, List<Secret> secrets,
                           List<SshAgent> ssh, NetworkMode network, Sandbox sandbox, Distribution distribution,
                           SharedCache sharedCache,
                           Isolation isolation,
                           AttestationRequest attestations) {

    /** Checks the components and keeps copies of the mutable ones. */
    public BuildRequest {
        Objects.requireNonNull(contextDir, "contextDir");
        Objects.requireNonNull(contextUrl, "contextUrl");
        Objects.requireNonNull(dockerfile, "dockerfile");
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        noCacheFilter = Set.copyOf(noCacheFilter);
        Objects.requireNonNull(storeRoot, "storeRoot");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(iidFile, "iidFile");
        Objects.requireNonNull(metadataFile, "metadataFile");
        buildContexts = List.copyOf(buildContexts);
        secrets = List.copyOf(secrets);
        ssh = List.copyOf(ssh);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(sharedCache, "sharedCache");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(attestations, "attestations");
    }

    /**
     * A builder for {@code contextDir} with every default: its {@code Dockerfile}, no tags, a private network for RUN.
     *
     * @param contextDir the build context (see {@link #contextDir()})
     * @return the builder
     */
    public static Builder builder(Path contextDir) {
        return new Builder(contextDir);
    }

    /**
     * A builder for a remote context ({@link #contextUrl()}).
     *
     * @param contextUrl the remote context
     * @return the builder
     */
    public static Builder builder(String contextUrl) {
        return new Builder(Path.of(".")).contextUrl(contextUrl);
    }

    /**
     * A builder for the context as {@code docker build} takes it: a git reference or an http(s)
     * URL is a remote context, anything else a path ({@code -} for standard input).
     *
     * @param context a path, {@code -}, a git reference or an http(s) URL
     * @return the builder
     */
    public static Builder builderFor(String context) {
        return builderFor(context, Path::of);
    }

    /**
     * As {@link #builderFor(String)}, with a path made a {@code Path} by {@code paths} (a command's own directory, say).
     *
     * @param context a path, {@code -}, a git reference or an http(s) URL
     * @param paths   how a path is made a {@code Path}
     * @return the builder
     */
    public static Builder builderFor(String context, java.util.function.Function<String, Path> paths) {
        return ContextOpener.isUrl(context) ? builder(context)
                : builder(context.equals("-") ? Path.of(context) : paths.apply(context));
    }

    /**
     * A builder holding this request's values.
     *
     * @return a builder with this request's values
     */
    public Builder toBuilder() {
        return new Builder(contextDir).contextUrl(contextUrl.orElse(null)).dockerfile(dockerfile.orElse(null))
                .tags(tags).buildArgs(buildArgs).labels(labels).target(target.orElse(null))
                .platform(platform.orElse(null)).noCache(noCache).noCacheFilter(noCacheFilter).jobs(jobs)
                .storeRoot(storeRoot.orElse(null)).runtime(runtime.orElse(null)).iidFile(iidFile.orElse(null))
                .metadataFile(metadataFile.orElse(null)).buildContexts(buildContexts).secrets(secrets).ssh(ssh)
                .network(network).sandbox(sandbox).distribution(distribution).sharedCache(sharedCache).isolation(isolation)
                .attestations(attestations);
    }

    /** Collects a request's values; a null argument means "not given" for the optional ones. */
    public static final class Builder {

        private Path contextDir;
        private String contextUrl;
        private Path dockerfile;
        private List<String> tags = List.of();
        private Map<String, String> buildArgs = Map.of();
        private Map<String, String> labels = Map.of();
        private String target;
        private String platform;
        private boolean noCache;
        private Set<String> noCacheFilter = Set.of();
        private int jobs;
        private Path storeRoot;
        private Path runtime;
        private Path iidFile;
        private Path metadataFile;
        private List<String> buildContexts = List.of();
        private List<Secret> secrets = List.of();
        private List<SshAgent> ssh = List.of();
        private NetworkMode network = NetworkMode.PRIVATE;
        private Sandbox sandbox = Sandbox.DEFAULT;
        private Distribution distribution = Distribution.defaults();
        private SharedCache sharedCache = SharedCache.none();
        private Isolation isolation = Isolation.OCI;
        private AttestationRequest attestations = AttestationRequest.defaults();

        private Builder(Path contextDir) {
            this.contextDir = Objects.requireNonNull(contextDir, "contextDir");
        }

        /**
         * Sets {@link BuildRequest#contextUrl()}.
         *
         * @param url the value of {@link BuildRequest#contextUrl()}
         * @return this builder
         */
        public Builder contextUrl(String url) {
            this.contextUrl = url;
            return this;
        }

        /**
         * Sets {@link BuildRequest#dockerfile()}.
         *
         * @param file the value of {@link BuildRequest#dockerfile()}
         * @return this builder
         */
        public Builder dockerfile(Path file) {
            this.dockerfile = file;
            return this;
        }

        /**
         * Sets {@link BuildRequest#tags()}.
         *
         * @param t the value of {@link BuildRequest#tags()}
         * @return this builder
         */
        public Builder tags(List<String> t) {
            this.tags = List.copyOf(t);
            return this;
        }

        /**
         * Sets {@link BuildRequest#buildArgs()}.
         *
         * @param args the value of {@link BuildRequest#buildArgs()}
         * @return this builder
         */
        public Builder buildArgs(Map<String, String> args) {
            this.buildArgs = new LinkedHashMap<>(args);
            return this;
        }

        /**
         * Sets {@link BuildRequest#labels()}.
         *
         * @param l the value of {@link BuildRequest#labels()}
         * @return this builder
         */
        public Builder labels(Map<String, String> l) {
            this.labels = new LinkedHashMap<>(l);
            return this;
        }

        /**
         * Sets {@link BuildRequest#target()}.
         *
         * @param stage the value of {@link BuildRequest#target()}
         * @return this builder
         */
        public Builder target(String stage) {
            this.target = stage;
            return this;
        }

        /**
         * Sets {@link BuildRequest#platform()}.
         *
         * @param p the value of {@link BuildRequest#platform()}
         * @return this builder
         */
        public Builder platform(String p) {
            this.platform = p;
            return this;
        }

        /**
         * Sets {@link BuildRequest#noCache()}.
         *
         * @param n the value of {@link BuildRequest#noCache()}
         * @return this builder
         */
        public Builder noCache(boolean n) {
            this.noCache = n;
            return this;
        }

        /**
         * Sets {@link BuildRequest#noCacheFilter()}.
         *
         * @param stages the value of {@link BuildRequest#noCacheFilter()}
         * @return this builder
         */
        public Builder noCacheFilter(Set<String> stages) {
            this.noCacheFilter = new LinkedHashSet<>(stages);
            return this;
        }

        /**
         * Sets {@link BuildRequest#jobs()}.
         *
         * @param n the value of {@link BuildRequest#jobs()}
         * @return this builder
         */
        public Builder jobs(int n) {
            this.jobs = n;
            return this;
        }

        /**
         * Sets {@link BuildRequest#storeRoot()}.
         *
         * @param root the value of {@link BuildRequest#storeRoot()}
         * @return this builder
         */
        public Builder storeRoot(Path root) {
            this.storeRoot = root;
            return this;
        }

        /**
         * Sets {@link BuildRequest#runtime()}.
         *
         * @param binary the value of {@link BuildRequest#runtime()}
         * @return this builder
         */
        public Builder runtime(Path binary) {
            this.runtime = binary;
            return this;
        }

        /**
         * Sets {@link BuildRequest#iidFile()}.
         *
         * @param file the value of {@link BuildRequest#iidFile()}
         * @return this builder
         */
        public Builder iidFile(Path file) {
            this.iidFile = file;
            return this;
        }

        /**
         * Sets {@link BuildRequest#metadataFile()}.
         *
         * @param file the value of {@link BuildRequest#metadataFile()}
         * @return this builder
         */
        public Builder metadataFile(Path file) {
            this.metadataFile = file;
            return this;
        }

        /**
         * Sets {@link BuildRequest#buildContexts()}.
         *
         * @param contexts the value of {@link BuildRequest#buildContexts()}
         * @return this builder
         */
        public Builder buildContexts(List<String> contexts) {
            this.buildContexts = List.copyOf(contexts);
            return this;
        }

        /**
         * Sets {@link BuildRequest#secrets()}.
         *
         * @param s the value of {@link BuildRequest#secrets()}
         * @return this builder
         */
        public Builder secrets(List<Secret> s) {
            this.secrets = List.copyOf(s);
            return this;
        }

        /**
         * Sets {@link BuildRequest#ssh()}.
         *
         * @param s the value of {@link BuildRequest#ssh()}
         * @return this builder
         */
        public Builder ssh(List<SshAgent> s) {
            this.ssh = List.copyOf(s);
            return this;
        }

        /**
         * Sets {@link BuildRequest#network()}.
         *
         * @param n the value of {@link BuildRequest#network()}
         * @return this builder
         */
        public Builder network(NetworkMode n) {
            this.network = Objects.requireNonNull(n, "network");
            return this;
        }

        /**
         * Sets {@link BuildRequest#sandbox()}.
         *
         * @param s the value of {@link BuildRequest#sandbox()}
         * @return this builder
         */
        public Builder sandbox(Sandbox s) {
            this.sandbox = Objects.requireNonNull(s, "sandbox");
            return this;
        }

        /**
         * Sets {@link BuildRequest#sharedCache()}.
         *
         * @param c the value of {@link BuildRequest#sharedCache()}
         * @return this builder
         */
        public Builder sharedCache(SharedCache c) {
            this.sharedCache = Objects.requireNonNull(c, "sharedCache");
            return this;
        }

        /**
         * Sets {@link BuildRequest#attestations()}.
         *
         * @param a the value of {@link BuildRequest#attestations()}
         * @return this builder
         */
        public Builder attestations(AttestationRequest a) {
            this.attestations = Objects.requireNonNull(a, "attestations");
            return this;
        }

        /**
         * Sets {@link BuildRequest#distribution()}.
         *
         * @param d the value of {@link BuildRequest#distribution()}
         * @return this builder
         */
        public Builder distribution(Distribution d) {
            this.distribution = Objects.requireNonNull(d, "distribution");
            return this;
        }

        /**
         * Sets {@link BuildRequest#isolation()}.
         *
         * @param i the value of {@link BuildRequest#isolation()}
         * @return this builder
         */
        public Builder isolation(Isolation i) {
            this.isolation = Objects.requireNonNull(i, "isolation");
            return this;
        }

        /**
         * The request; what was not set keeps its default.
         *
         * @return the request
         */
        public BuildRequest build() {
            return new BuildRequest(contextDir, Optional.ofNullable(contextUrl), Optional.ofNullable(dockerfile), tags,
                    buildArgs, labels, Optional.ofNullable(target), Optional.ofNullable(platform), noCache,
                    noCacheFilter, jobs, Optional.ofNullable(storeRoot), Optional.ofNullable(runtime),
                    Optional.ofNullable(iidFile), Optional.ofNullable(metadataFile), buildContexts, secrets, ssh,
                    network, sandbox, distribution, sharedCache, isolation, attestations);
        }
    }
}
