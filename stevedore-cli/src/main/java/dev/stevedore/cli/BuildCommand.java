package dev.stevedore.cli;

import dev.stevedore.api.BuildRequest;
import dev.stevedore.api.BuildResult;
import dev.stevedore.api.CheckRequest;
import dev.stevedore.api.Distribution;
import dev.stevedore.api.ImageBuilder;
import dev.stevedore.api.OutputSpec;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.exec.mounts.SecretSource;
import dev.stevedore.exec.mounts.SshSource;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.TransferListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code stevedore build [OPTIONS] CONTEXT}: builds a Dockerfile; progress in BuildKit's plain format on stderr. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an image from a Dockerfile.")
final class BuildCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTEXT",
            description = "The build context: a directory, a tar archive, or - for standard input.")
    Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The Dockerfile (default: CONTEXT/Dockerfile); - reads it from standard input.")
    Path file;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Tag the image in the store (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "NAME[=VALUE]", description = "Set a build arg (repeatable).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "The stage to build.")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The target platform.")
    String platform;

    @Option(names = "--no-cache", description = "Do not use the build cache.")
    boolean noCache;

    @Option(names = "--no-cache-filter", paramLabel = "STAGE", split = ",", description = "Stages not to take from the cache.")
    List<String> noCacheFilter = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", description = "Stages run at the same time (default: CPUs).")
    int jobs;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID to FILE.")
    Path iidFile;

    @Option(names = "--metadata-file", paramLabel = "FILE", description = "Write the build's result metadata (JSON) to FILE.")
    Path metadataFile;

    @Option(names = "--build-context", paramLabel = "NAME=DIR|docker-image://REF",
            description = "An additional named context for FROM and --from (repeatable).")
    List<String> buildContexts = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "id=ID[,src=FILE|env=VAR]", converter = SecretConverter.class,
            description = "A secret for RUN --mount=type=secret (repeatable).")
    List<SecretSource> secrets = new ArrayList<>();

    @Option(names = "--ssh", paramLabel = "default|ID[=SOCKET]", converter = SshConverter.class,
            description = "An SSH agent socket for RUN --mount=type=ssh (repeatable).")
    List<SshSource> ssh = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print only the image ID.")
    boolean quiet;

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

    @Option(names = {"-o", "--output"}, paramLabel = "type=oci|docker|local|tar,dest=PATH",
            description = "Also export the image (repeatable); a bare PATH means type=local,dest=PATH.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--check", description = "Only run the build checks (as stevedore lint) and print what they find; build nothing.")
    boolean check;

    @Override
    public void run() {
        if (reportFormat != null && !report) {
            throw new ParameterException(spec.commandLine(), "--format is the format of --report: add --report");
        }
        BuildRequest request = new BuildRequest(context, Optional.ofNullable(file), tags, args(), Optional.ofNullable(target),
                Optional.ofNullable(platform), noCache, new LinkedHashSet<>(noCacheFilter), jobs,
                root.storeRoot().map(Path::of), Optional.ofNullable(iidFile), Optional.ofNullable(metadataFile),
                buildContexts, secrets, ssh, distribution());
        if (check) {
            LintOutput.run(root, CheckRequest.of(request), LintOutput.Format.text);
            return;
        }
        BuildResult result = new ImageBuilder().build(request, root.in(), quiet ? event -> { } : new PlainProgress(root.err()));
        if (!quiet) {
            for (PushResult p : result.pushed()) {
                root.err().println("pushed " + p.reference() + "@" + p.pushed().digest());
            }
        }
        if (report) {
            new ReportPrinter(root.err()).print(root.images().report(result),
                    reportFormat == null ? ReportPrinter.Format.text : reportFormat);
        }
        root.out().println(result.imageId());
    }

    /** Registries and exports: --pull, --push, -o, and the registry flags (a --registry-config file merged in). */
    private Distribution distribution() {
        RegistryOptions options = registry.options(TransferListener.NONE);
        Distribution d = Distribution.defaults()
                .withOutputs(outputs.stream().map(OutputSpec::parse).toList())
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
                String env = System.getenv(arg);
                if (env != null) {
                    out.put(arg, env);
                }
            } else {
                out.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return out;
    }

    /** {@code --secret}: a malformed value is a usage error naming it. */
    static final class SecretConverter implements ITypeConverter<SecretSource> {
        @Override
        public SecretSource convert(String value) {
            try {
                return SecretSource.parse(value, System.getenv());
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --ssh}: a malformed value is a usage error naming it. */
    static final class SshConverter implements ITypeConverter<SshSource> {
        @Override
        public SshSource convert(String value) {
            try {
                return SshSource.parse(value, System.getenv());
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
