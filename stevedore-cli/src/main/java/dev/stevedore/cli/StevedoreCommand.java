package dev.stevedore.cli;

import java.io.InputStream;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stevedore}: the root command; each subcommand is one class of this package. */
@Command(
        name = "stevedore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Builds OCI container images from Dockerfiles, without a daemon.",
        subcommands = {
            HelpCommand.class,
            ParseCommand.class,
            DebugCommand.class,
            PullCommand.class,
            PushCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
        })
public final class StevedoreCommand implements Runnable {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and internal details of errors.")
    boolean debug;

    StevedoreCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean debug() {
        return debug;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }
}
