package dev.stevedore.cli;

import dev.stevedore.api.CheckRequest;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore lint [-f FILE] [--format text|json] [CONTEXT]}: the build checks, without building. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Run the build checks on a Dockerfile, without building: BuildKit's checks and Stevedore's"
                + " checks of multi-stage builds (docs/rules/ describes each).",
            "Exits 1 when the Dockerfile would not build, or when '# check=error=true' and a check fired."},
        footer = {"", "Examples:", "  stevedore lint .", "  stevedore lint -f ci/Dockerfile --format json ."})
final class LintCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", defaultValue = ".",
            description = "The build context: a directory, a tar archive, or - for standard input (default: ${DEFAULT-VALUE}).")
    Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The Dockerfile (default: CONTEXT/Dockerfile); - reads it from standard input.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (as docker build --check prints) or json (BuildKit's lint result) (default: ${DEFAULT-VALUE}).")
    LintOutput.Format format;

    @Override
    public void run() {
        LintOutput.run(root, CheckRequest.of(context, Optional.ofNullable(file)), format);
    }
}
