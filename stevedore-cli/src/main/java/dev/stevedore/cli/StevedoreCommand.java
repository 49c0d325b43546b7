package dev.stevedore.cli;

import dev.stevedore.api.StaleCleanup;
import dev.stevedore.api.images.Images;
import dev.stevedore.store.Store;
import dev.stevedore.store.StoreRoot;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stevedore}: the root command; each subcommand is one class of this package. */
@Command(
        name = "stevedore",
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore build -t app:1 .",
                "  stevedore images",
                "  stevedore help build"},
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Builds OCI container images from Dockerfiles, without a daemon.",
        subcommands = {
            HelpCommand.class,
            ParseCommand.class,
            DebugCommand.class,
            BuildCommand.class,
            LintCommand.class,
            ImportCommand.class,
            ImagesCommand.class,
            InspectCommand.class,
            HistoryCommand.class,
            ReportCommand.class,
            TagCommand.class,
            RmiCommand.class,
            SaveCommand.class,
            LoadCommand.class,
            PruneCommand.class,
            FsckCommand.class,
            DuCommand.class,
            InfoCommand.class,
            RunCommand.class,
            PullCommand.class,
            PushCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            CompletionCommand.class,
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

    @Option(names = "--root", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "The store's root directory (default: $STEVEDORE_ROOT, /var/lib/stevedore as root,"
                    + " else $XDG_DATA_HOME/stevedore).")
    String root;

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

    /** The store root given with {@code --root}, if any. */
    Optional<String> storeRoot() {
        return Optional.ofNullable(root);
    }

    /** The image-management door over the store {@code --root} names. */
    Images images() {
        return new Images(store(), Clock.systemUTC());
    }

    /** The store {@code --root} names, once the leftovers of killed builds are reaped. */
    Store store() {
        Store store = Store.open(StoreRoot.resolve(Optional.ofNullable(root)));
        StaleCleanup.runtimeLeftovers(store);
        return store;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }
}
