package dev.stevedore.cli;

import dev.stevedore.api.StaleCleanup;
import dev.stevedore.api.images.Images;
import dev.stevedore.config.StevedoreConfig;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stevedore}: the root command; each subcommand is one class of this package, registered
 * by {@link Cli} ({@link Subcommands} says which).
 */
@Command(
        name = "stevedore",
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore build -t app:1 .",
                "  stevedore images",
                "  stevedore help build"},
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Builds OCI container images from Dockerfiles, without a daemon.")
public final class StevedoreCommand implements Runnable {

    private final Invocation invocation;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and internal details of errors.")
    boolean debug;

    @Option(names = "--root", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "The store's root directory (default: $STEVEDORE_ROOT, the config file's [store] root,"
                    + " /var/lib/stevedore as root, else $XDG_DATA_HOME/stevedore).")
    String root;

    /** Read when a command first needs it. */
    private StevedoreConfig config;

    StevedoreCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    /** The command line's streams, directory and environment (not the JVM's: see {@link Invocation}). */
    Invocation invocation() {
        return invocation;
    }

    InputStream in() {
        return invocation.in();
    }

    PrintStream out() {
        return invocation.out();
    }

    PrintStream err() {
        return invocation.err();
    }

    Map<String, String> env() {
        return invocation.env();
    }

    boolean debug() {
        return debug;
    }

    /**
     * Stevedore's config files of the command's environment ({@link StevedoreConfig}), read once;
     * their warnings (unknown keys) go to standard error then.
     */
    StevedoreConfig config() {
        if (config == null) {
            config = StevedoreConfig.locate(env());
            config.warnings().forEach(w -> err().println("WARNING: " + w));
            err().flush();
        }
        return config;
    }

    /** The store: {@code --root}, else as the command's environment (and its config files) say. */
    Optional<String> storeRoot() {
        config();
        return Optional.of(invocation.storeRoot(Optional.ofNullable(root)).toString());
    }

    /** Names, on stderr, each tag a listing skipped because its image cannot be read. */
    void warnBroken(Images images) {
        images.broken().forEach(b -> err().println("WARNING: skipped " + b.sentence()));
        err().flush();
    }

    /** The image-management door over the store {@code --root} names, once the leftovers of killed builds are reaped. */
    Images images() {
        Images images = Images.open(storeRoot());
        StaleCleanup.runtimeLeftovers(images.store());
        return images;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }
}
