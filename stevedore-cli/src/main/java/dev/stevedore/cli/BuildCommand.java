package dev.stevedore.cli;

import dev.stevedore.api.SharedCache;
import dev.stevedore.api.AttestationRequest;
import dev.stevedore.api.BuildRequest;
import dev.stevedore.api.BuildResult;
import dev.stevedore.api.CheckRequest;
import dev.stevedore.api.Distribution;
import dev.stevedore.api.ImageBuilder;
import dev.stevedore.api.SystemInfo;
import dev.stevedore.api.OutputSpec;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.Sentences;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.ByteSize;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.api.Secret;
import dev.stevedore.api.SshAgent;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.api.PushedImage;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.TransferListener;
import dev.stevedore.runtime.Entitlement;
import dev.stevedore.runtime.ExtraHost;
import dev.stevedore.api.Isolation;
import dev.stevedore.api.NetworkMode;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.runtime.Security;
import dev.stevedore.runtime.Ulimit;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code stevedore build [OPTIONS] PATH | URL | -}: builds a Dockerfile with {@code docker build}'s
 * flags; progress on stderr, the image id on stdout, a failure as {@link ErrorView} shows it.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an image from a Dockerfile.",
        customSynopsis = "stevedore build [OPTIONS] PATH | URL | -",
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore build -t app:1 .",
                "  stevedore build -t app:1 --target runtime -f ci/Dockerfile .",
                "  stevedore build --build-arg V=2 --label team=web -o type=oci,dest=app.tar .",
                "  stevedore build --network none --ulimit nofile=1024:2048 -t app:1 .",
                "  stevedore build https://github.com/user/repo.git#main:dir"})
final class BuildCommand implements Callable<Integer> {

    @ParentCommand
    StevedoreCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH | URL | -",
            description = "The build context: a directory, a tar archive, a git repository or tar URL, or - for standard input.")
    String context;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The Dockerfile (default: PATH/Dockerfile); - reads it from standard input.")
    Path file;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Tag the image in the store (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "NAME[=VALUE]", description = "Set a build arg; without a value, from the environment (repeatable).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set a label on the image (repeatable).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "The stage to build.")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH[,OS/ARCH...]",
            description = "The target platform; several (comma-separated) build one image index.")
    String platform;

    @Option(names = "--no-cache", description = "Do not use the build cache.")
    boolean noCache;

    @Option(names = "--no-cache-filter", paramLabel = "STAGE", split = ",", description = "Stages not to take from the cache.")
    List<String> noCacheFilter = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", description = "RUN steps run at the same time (default: no bound; every stage starts once its inputs are ready).")
    int jobs;

    @Option(names = "--runtime", paramLabel = "runc|crun|PATH", description = "The OCI runtime for RUN (default: runc, else crun, on the PATH).")
    String runtime;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID to FILE.")
    Path iidFile;

    @Option(names = "--metadata-file", paramLabel = "FILE", description = "Write the build's result metadata (JSON) to FILE.")
    Path metadataFile;

    @Option(names = "--build-context", paramLabel = "NAME=DIR|docker-image://REF",
            description = "An additional named context for FROM and --from (repeatable).")
    List<String> buildContexts = new ArrayList<>();

    // converted by secret() and ssh(), which Cli registers: they read the command's environment and directory
    @Option(names = "--secret", paramLabel = "id=ID[,src=FILE|env=VAR]",
            description = "A secret for RUN --mount=type=secret (repeatable).")
    List<Secret> secrets = new ArrayList<>();

    @Option(names = "--ssh", paramLabel = "default|ID[=SOCKET]",
            description = "An SSH agent socket for RUN --mount=type=ssh (repeatable).")
    List<SshAgent> ssh = new ArrayList<>();

    // --- RUN's sandbox ---

    @Option(names = "--network", paramLabel = "default|host|none", converter = NetworkConverter.class,
            description = "The network of RUN steps (default: a private network with outbound access; host: the host's).")
    NetworkMode network = DEFAULT_NETWORK;

    @Option(names = "--isolation", paramLabel = "oci|chroot",
            description = "How RUN is isolated: oci (a container under runc, the default) or chroot (a chroot of the"
                    + " step's root and no namespaces, for where they are forbidden; shares the host's network).")
    Isolation isolation = Isolation.OCI;

    /** The network of a RUN when neither the build nor the RUN chooses one. */
    static final NetworkMode DEFAULT_NETWORK = NetworkMode.PRIVATE;

    @Option(names = "--security", paramLabel = "sandbox|insecure", converter = SecurityConverter.class,
            description = "The confinement of RUN steps: Docker's (sandbox, the default) or none (insecure, "
                    + "which needs --allow security.insecure).")
    Security security = Security.SANDBOX;

    @Option(names = "--allow", paramLabel = "ENTITLEMENT", converter = EntitlementConverter.class, split = ",",
            description = "Let RUN steps loosen their sandbox: security.insecure (RUN --security=insecure), "
                    + "network.host (RUN --network=host) (repeatable).")
    List<Entitlement> allow = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "HOST:IP", converter = ExtraHostConverter.class,
            description = "Add a line to RUN's /etc/hosts (repeatable).")
    List<ExtraHost> addHosts = new ArrayList<>();

    @Option(names = "--shm-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "The size of RUN's /dev/shm, e.g. 128m (default: 64m).")
    long shmSize;

    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", converter = UlimitConverter.class,
            description = "A resource limit of RUN steps, e.g. nofile=1024:2048 (repeatable).")
    List<Ulimit> ulimits = new ArrayList<>();

    // --- progress ---

    @Option(names = {"-q", "--quiet"},
        description = "Print only the image ID (as --progress=quiet).")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "auto|tty|plain|quiet|rawjson", converter = ProgressMode.Converter.class,
            description = "How progress shows on standard error: a live view on a terminal (tty), BuildKit's plain"
                    + " lines (plain), nothing but a failure (quiet), one JSON event per line (rawjson);"
                    + " auto (default, or $BUILDKIT_PROGRESS, or the config file's [build] progress) is tty on a terminal, else plain.")
    ProgressMode progress;

    @Option(names = "--report", description = "After the build, print the multi-stage report on standard error.")
    boolean report;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "The --report's format: text (default) or json.")
    ReportPrinter.Format reportFormat;

    // --- registries and exports ---

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Option(names = "--pull", description = "Ask the registry for every base image, even one in the store.")
    boolean pull;

    @Option(names = "--push", description = "Push every -t tag to its registry.")
    boolean push;

    @Option(names = "--load", description = "Load the image into docker (docker load).")
    boolean load;

    @Option(names = {"-o", "--output"}, paramLabel = "type=oci|docker|local|tar,dest=PATH",
            description = "Also export the image (repeatable); a bare PATH means type=local,dest=PATH; "
                    + "- (or dest=-) writes a tar to standard output.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--sbom", paramLabel = "true|false", arity = "0..1", preprocessor = AttachedValue.class,
            description = "Attach an SPDX SBOM of the image (--sbom=false: none).")
    String sbom;

    @Option(names = "--provenance", paramLabel = "min|max|false", arity = "0..1", preprocessor = AttachedValue.class,
            description = "Attach SLSA provenance (default: min when pushed; also mode=max,version=v0.2).")
    String provenance;

    @Option(names = "--attest", paramLabel = "type=sbom|provenance[,KEY=VALUE...]",
            description = "An attestation to attach, as buildx spells it (repeatable).")
    List<String> attest = new ArrayList<>();
    /** The export {@code -o -} sends to standard output, once {@link #call} has looked. */
    private Optional<StdoutExport> stdout = Optional.empty();

    @Option(names = "--check", description = "Only run the build checks (as stevedore lint) and print what they find; build nothing.")
    boolean check;

    @Option(names = "--cache-from", paramLabel = "SOURCE",
            description = "A shared cache to read (repeatable, tried in order): type=registry,ref=REF | type=local,src=DIR | REF.")
    List<String> cacheFrom = new ArrayList<>();

    @Option(names = "--cache-to", paramLabel = "DEST",
            description = "A shared cache to write (repeatable): type=registry,ref=REF | type=local,dest=DIR, with mode=min|max, ignore-error=true.")
    List<String> cacheTo = new ArrayList<>();

    @Option(names = "--explain-cache", description = "Say why each step missed the cache (what in its key changed).")
    boolean explainCache;

    @Override
    public Integer call() throws IOException {
        if (reportFormat != null && !report) {
            throw new ParameterException(spec.commandLine(), "--format is the format of --report: add --report");
        }
        ProgressMode mode = quiet ? ProgressMode.QUIET
                : progress != null ? progress : ProgressMode.byDefault(root.env(), root.config());
        Optional<DockerLoad> docker = load ? Optional.of(DockerLoad.locate(root.env())) : Optional.empty();
        Path loadArchive = load ? Files.createTempFile("stevedore-load-", ".tar") : null;
        stdout = StdoutExport.of(outputs, StdoutExport.isTerminal(root.out()));
        try {
            BuildRequest request = request(loadArchive);
            if (root.debug()) {
                SystemInfo.privilege(root.images().store(), root.env()).forEach(f -> root.err().println("DEBUG: " + f.name() + ": " + f.value()));
            }
            if (check) {
                LintOutput.run(root, CheckRequest.of(request), LintOutput.Format.text);
                return Cli.OK;
            }
            AtomicReference<BuildEvent.BuildFailed> failure = new AtomicReference<>();
            BuildResult result;
            try (ProgressView view = mode.open(root.invocation())) {
                BuildListener listener = event -> {
                    if (event instanceof BuildEvent.BuildFailed f) {
                        failure.set(f);
                    }
                    view.on(event);
                };
                result = new ImageBuilder(root.env()).build(request, root.in(), listener);
            } catch (StevedoreException e) {
                // the view is closed (its last frame drawn) before the error view prints
                return failed(e, mode == ProgressMode.RAWJSON ? null : failure.get());
            }
            if (docker.isPresent()) {
                docker.get().load(loadArchive, root.err());
            }
            if (mode.forPeople()) {
                for (PushedImage p : result.pushed()) {
                    root.err().println("pushed " + p.reference() + "@" + p.pushed().digest());
                }
            }
            if (report) {
                new ReportPrinter(root.err()).print(root.images().report(result),
                        reportFormat == null ? ReportPrinter.Format.text : reportFormat);
            }
            if (stdout.isPresent()) {
                stdout.get().copyTo(root.out());
            } else {
                root.out().println(result.imageId());
            }
            return Cli.OK;
        } finally {
            if (loadArchive != null) {
                Files.deleteIfExists(loadArchive);
            }
            if (stdout.isPresent()) {
                stdout.get().delete();
            }
        }
    }

    /** The error view (any progress mode), a stack trace with --debug; 130 when Ctrl-C stopped the build. */
    private int failed(StevedoreException e, BuildEvent.BuildFailed failure) {
        if (root.debug()) {
            e.printStackTrace(root.err());
        }
        if (Cli.interrupted(e)) {
            root.err().println("ERROR: the build was interrupted");
            return Cli.INTERRUPTED;
        }
        Optional<OutOfMemoryError> oom = Sentences.outOfMemory(e);
        if (oom.isPresent()) {
            root.err().println("ERROR: " + Sentences.outOfMemory("the build", oom.get()));
        } else if (failure != null) {
            ErrorView.print(failure, root.err());
        } else {
            root.err().println("ERROR: failed to build: " + Sentences.shorten(e.getMessage()));
        }
        return Cli.FAILED;
    }

    private BuildRequest request(Path loadArchive) {
        return BuildRequest.builderFor(context, root.invocation()::path)
                .dockerfile(file)
                .tags(tags)
                .buildArgs(args())
                .labels(labels())
                .target(target)
                .platform(platform)
                .noCache(noCache)
                .sharedCache(SharedCache.of(cacheFrom, cacheTo).withExplain(explainCache))
                .noCacheFilter(new LinkedHashSet<>(noCacheFilter))
                .jobs(jobs)
                .storeRoot(root.storeRoot().map(Path::of).orElse(null))
                .runtime(runtime == null ? null : runtime.contains("/") ? root.invocation().path(runtime) : Path.of(runtime))
                .iidFile(iidFile)
                .metadataFile(metadataFile)
                .buildContexts(buildContexts.stream().map(this::buildContext).toList())
                .secrets(secrets)
                .ssh(ssh)
                // a chroot has no network of its own: the default (a private one) is the host's there
                .network(isolation == Isolation.CHROOT && network == NetworkMode.PRIVATE ? NetworkMode.HOST : network)
                .isolation(isolation)
                .sandbox(new Sandbox(addHosts, shmSize, ulimits, security, new LinkedHashSet<>(allow)))
                .distribution(distribution(loadArchive))
                .attestations(AttestationRequest.parse(Optional.ofNullable(sbom), defaultProvenance(), attest))
                .build();

    }

    /** {@code NAME=DIR} with DIR in the command's working directory; an image or URL as it is. */
    /**
     * {@code --provenance} as given; without it, {@code false} when {@code BUILDX_NO_DEFAULT_ATTESTATIONS}
     * is true (as buildx reads it), so a push attaches none unless {@code --attest} asks for one.
     */
    private Optional<String> defaultProvenance() {
        if (provenance != null) {
            return Optional.of(provenance);
        }
        String off = root.env().getOrDefault("BUILDX_NO_DEFAULT_ATTESTATIONS", "");
        return List.of("1", "t", "T", "true", "TRUE", "True").contains(off) ? Optional.of("false") : Optional.empty();
    }

    private String buildContext(String spec) {
        int eq = spec.indexOf('=');
        String value = spec.substring(eq + 1);
        if (eq <= 0 || value.isEmpty() || value.contains("://") || value.startsWith("git@")) {
            return spec;
        }
        return spec.substring(0, eq + 1) + root.invocation().path(value);
    }

    /** Registries and exports: --pull, --push, -o, and the registry flags (a --registry-config file merged in). */
    private Distribution distribution(Path loadArchive) {
        RegistryOptions options = registry.options(TransferListener.NONE, root.env());
        List<OutputTarget> exports = new ArrayList<>(outputs.stream().map(s -> stdout.map(e -> e.rewrite(s)).orElse(s))
                .map(OutputSpec::parse).map(root.invocation()::target).toList());
        if (loadArchive != null) {
            exports.add(OutputSpec.parse("type=docker,dest=" + loadArchive));
        }
        Distribution d = Distribution.defaults()
                .withOutputs(exports)
                .withPush(push)
                .withPull(pull)
                .withRegistryMirrors(options.mirrors().stream().map(URI::toString).toList())
                .withInsecureRegistries(List.copyOf(options.insecure()));
        return registry.dockerConfig == null ? d : d.withDockerConfig(registry.dockerConfig);
    }

    private Map<String, String> args() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            if (eq == 0) {
                throw new InvalidInputException("invalid --build-arg \"" + arg + "\": the name is empty");
            }
            if (eq < 0) {
                String env = root.env().get(arg);
                if (env != null) {
                    out.put(arg, env);
                }
            } else {
                out.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return out;
    }

    /** {@code --label KEY=VALUE}; {@code --label KEY} is an empty value, as docker takes it. */
    private Map<String, String> labels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq == 0) {
                throw new InvalidInputException("invalid --label \"" + label + "\": the key is empty");
            }
            out.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
        }
        return out;
    }

    /** {@code --network}: BuildKit's {@code default} is a private network with outbound access. */
    static final class NetworkConverter implements ITypeConverter<NetworkMode> {
        @Override
        public NetworkMode convert(String value) {
            return switch (value) {
                case "default" -> NetworkMode.PRIVATE;
                case "host" -> NetworkMode.HOST;
                case "none" -> NetworkMode.NONE;
                default -> throw new TypeConversionException("invalid --network \"" + value
                        + "\": want default, host or none");
            };
        }
    }

    /** {@code --security sandbox|insecure}, as {@code RUN --security}. */
    static final class SecurityConverter implements ITypeConverter<Security> {
        @Override
        public Security convert(String value) {
            return switch (value) {
                case "sandbox" -> Security.SANDBOX;
                case "insecure" -> Security.INSECURE;
                default -> throw new TypeConversionException("invalid --security \"" + value
                        + "\": want sandbox or insecure");
            };
        }
    }

    /** {@code --allow security.insecure|network.host}. */
    static final class EntitlementConverter implements ITypeConverter<Entitlement> {
        @Override
        public Entitlement convert(String value) {
            try {
                return Entitlement.parse(value);
            } catch (dev.stevedore.diag.InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --add-host HOST:IP}. */
    static final class ExtraHostConverter implements ITypeConverter<ExtraHost> {
        @Override
        public ExtraHost convert(String value) {
            try {
                return ExtraHost.parse(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --ulimit NAME=SOFT[:HARD]}. */
    static final class UlimitConverter implements ITypeConverter<Ulimit> {
        @Override
        public Ulimit convert(String value) {
            try {
                return Ulimit.parse(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --shm-size 128m}: docker's sizes. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return ByteSize.parse(value).orElseThrow(() -> new TypeConversionException("invalid --shm-size \""
                    + value + "\": want a size such as 128m or 1g"));
        }
    }

    /** {@code --secret}: a malformed value is a usage error naming it. */
    static Secret secret(String value, Invocation invocation) {
        try {
            return Secret.parse(value, invocation.env(), invocation.cwd());
        } catch (InvalidInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code --ssh}: a malformed value is a usage error naming it. */
    static SshAgent ssh(String value, Invocation invocation) {
        try {
            return SshAgent.parse(value, invocation.env(), invocation.cwd());
        } catch (InvalidInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
