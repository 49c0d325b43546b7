package dev.stevedore.cli;

import dev.stevedore.api.run.ImageRunner;
import dev.stevedore.api.run.RunRequest;
import dev.stevedore.api.run.Volume;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.runtime.Entitlement;
import dev.stevedore.api.NetworkMode;
import dev.stevedore.runtime.OutputListener;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.runtime.Security;
import dev.stevedore.runtime.Stdio;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code stevedore run}: runs an image of the store like {@code docker run --rm} runs one
 * foreground process. Exit code: the process's own, or 125 when stevedore itself fails (no such
 * image, bad option values, no runtime), as Docker does.
 *
 * <p>Standard input is read whole and given to the process when it is not a terminal (a pipe or
 * a file: {@code echo x | stevedore run img cat}); from a terminal the process gets end-of-file,
 * unless {@code -i} gives it the terminal's input as it is typed. Output is passed on line by line
 * as it comes; {@code -t} gives the container a pseudo-terminal instead, on this terminal (raw
 * mode, its window size passed on): {@code stevedore run -it IMAGE sh} is a shell in the image. When stevedore itself is told to stop (SIGTERM,
 * SIGINT, SIGHUP), the container is killed and removed before it exits.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore run --rm app:1",
                "  stevedore run -e NAME=x -v $PWD:/src:ro app:1 ls /src",
                "  stevedore run --network host app:1 curl http://127.0.0.1:8080/",
                "  stevedore run -it app:1 sh"},
        modelTransformer = RunCommand.StopAtImage.class,
        description = "Run a command in a new container from an image of the store (always removed after).")
final class RunCommand implements Callable<Integer> {

    /** Docker's exit code for its own errors, as opposed to the container's. */
    static final int DAEMON_ERROR = 125;

    @ParentCommand
    StevedoreCommand root;

    @Option(names = "--rm", description = "Remove the container when it exits (always done; accepted for Docker's sake).")
    boolean rm;

    @Option(names = {"-i", "--interactive"}, description = "Give the container this terminal's input as it is typed.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Give the container a pseudo-terminal, on this one (with -i: a shell).")
    boolean tty;

    @Option(names = {"-p", "--publish"}, paramLabel = "PORTS", hidden = true,
            description = "Refused: publishing ports is a container engine's job.")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-d", "--detach"}, hidden = true, description = "Refused: detached containers are a container engine's job.")
    boolean detach;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME[=VALUE]",
            description = "Set a variable; a bare NAME takes the host's value.")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Read variables from a file: NAME=VALUE or NAME lines, # comments (repeatable; -e wins).")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--hostname", paramLabel = "NAME", description = "The container's host name (default: a random id).")
    String hostname;

    @Option(names = "--name", paramLabel = "NAME",
            description = "A name for the container, refused while another run on the store uses it.")
    String name;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "User to run as.")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory (absolute).")
    String workdir;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "The platform's image of a multi-platform image (default: this host's).")
    String platform;

    @Option(names = "--network", paramLabel = "bridge|host|none", converter = NetworkConverter.class,
            description = "bridge (or default; the default): a private network with outbound access, as "
                    + "Docker's bridge; host: the host's, its loopback services included; none: only lo.")
    NetworkMode network = NetworkMode.PRIVATE;

    @Option(names = "--security", paramLabel = "sandbox|insecure", converter = BuildCommand.SecurityConverter.class,
            description = "sandbox (default): Docker's capabilities and seccomp profile; insecure: every "
                    + "capability, no seccomp filter, as docker run --privileged (needs --allow security.insecure).")
    Security security = Security.SANDBOX;

    @Option(names = "--allow", paramLabel = "ENTITLEMENT", converter = BuildCommand.EntitlementConverter.class,
            split = ",", description = "Allow the run to leave its sandbox: security.insecure (repeatable).")
    List<Entitlement> allow = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DST[:ro]", description = "Bind a host path.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--entrypoint", paramLabel = "CMD",
            description = "Replace the image's entrypoint (and drop its Cmd); \"\" clears it.")
    String entrypoint;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image reference or id prefix.")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments (replace the Cmd).")
    List<String> command = new ArrayList<>();

    /** Everything after IMAGE belongs to the container's command, options included. */
    static final class StopAtImage implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream err = root.err();
        try {
            EngineJobs.refuse(publish, detach);
            Stdio stdio = stdio();
            RunRequest request = new RunRequest(image, command, Optional.ofNullable(entrypoint),
                    RunRequest.env(EnvFiles.lines(envFiles, env), root.env()), Optional.ofNullable(user),
                    Optional.ofNullable(workdir),
                    network, volumes.stream().map(Volume::parse).toList(), stdin(),
                    Sandbox.DEFAULT.withAllowed(new LinkedHashSet<>(allow)).withSecurity(security),
                    Optional.ofNullable(hostname), Optional.ofNullable(name), stdio);
            // SIGTERM/SIGINT: Main's shutdown hook interrupts this thread, and the runner kills and
            // removes the container before the JVM exits
            return ImageRunner.open(root.storeRoot()).run(request,
                    java.util.Optional.ofNullable(platform).map(dev.stevedore.oci.Platform::parse), printer(root.out(), err));
        } catch (StevedoreException e) {
            if (root.debug()) {
                e.printStackTrace(err);
            }
            err.println("ERROR: " + e.getMessage());
            err.flush();
            return DAEMON_ERROR;
        }
    }

    /** {@code --network}: docker run's {@code bridge} (its {@code default}) is our private network. */
    static final class NetworkConverter implements ITypeConverter<NetworkMode> {
        @Override
        public NetworkMode convert(String value) {
            return switch (value) {
                case "bridge", "default" -> NetworkMode.PRIVATE;
                case "host" -> NetworkMode.HOST;
                case "none" -> NetworkMode.NONE;
                default -> throw new TypeConversionException("invalid --network \"" + value
                        + "\": want bridge (default), host or none (a daemonless run has no named networks)");
            };
        }
    }

    private byte[] stdin() throws IOException {
        // a terminal is not read here: the container gets no input (docker run without -i) or reads
        // it itself as it is typed (-i)
        return root.invocation().ttys().stdin() ? new byte[0] : root.in().readAllBytes();
    }

    /**
     * {@code -i} and {@code -t} as docker run takes them: {@code -i} on a terminal hands the
     * container this process's input; {@code -t} a pseudo-terminal on this process's output. Both
     * need this process's own streams, so a warm server never runs them (see the launcher).
     *
     * @throws InvalidInputException docker's "the input device is not a TTY" for {@code -it} from a pipe
     */
    private Stdio stdio() {
        boolean onTerminal = root.invocation().ttys().stdin();
        if (tty && interactive && !onTerminal) {
            throw new InvalidInputException("the input device is not a TTY: -t with -i needs standard input to be"
                    + " a terminal (drop -t to pipe input into the container)");
        }
        return new Stdio(interactive && onTerminal, tty);
    }

    private static OutputListener printer(PrintStream out, PrintStream err) {
        return (stream, line) -> {
            PrintStream to = stream == OutputListener.Stream.STDOUT ? out : err;
            synchronized (to) {
                to.println(line);
                to.flush();
            }
        };
    }
}
