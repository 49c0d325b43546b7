package dev.stevedore.cli;

import dev.stevedore.config.StevedoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stevedore server}: the store's warm server, which runs the command lines its clients
 * forward ({@code STEVEDORE_SERVER=1} starts it on demand), until it has been idle this long.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  STEVEDORE_SERVER=1 stevedore build .   (starts it when none runs)",
                "  stevedore server --enable                (the store's commands use it from now on)",
                "  stevedore server --idle-timeout 600"},
        description = "Keep a warm process for the store that runs forwarded commands (opt-in: STEVEDORE_SERVER=1).")
final class ServerCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    /** Without the flag, nor the config file's {@code [server] idle-timeout}: three hours. */
    static final Duration DEFAULT_IDLE = Duration.ofHours(3);

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Exit after this long without a command (default: the config file's [server] idle-timeout,"
                    + " else 10800).")
    Long idleSeconds;

    @Option(names = "--enable", description = "Serve this store's commands from now on (STEVEDORE_SERVER=0 still says no), and exit.")
    boolean enable;

    @Option(names = "--disable", description = "Undo --enable (STEVEDORE_SERVER=1 still says yes), and exit.")
    boolean disable;

    /** {@code --idle-timeout} (which {@code STEVEDORE_SERVER_IDLE_SECONDS} sets for a started server), else the config's, else three hours. */
    static Duration idle(Long flagSeconds, StevedoreConfig config) {
        return flagSeconds != null ? Duration.ofSeconds(Math.max(1, flagSeconds))
                : config.idleTimeout().map(StevedoreConfig.Setting::value).orElse(DEFAULT_IDLE);
    }

    @Override
    public void run() {
        if (enable || disable) {
            WarmServer.enable(Path.of(root.storeRoot().orElseThrow()), enable);
            root.out().println("commands of " + root.storeRoot().orElseThrow() + " run in a warm server: "
                    + (enable ? "yes" : "only with STEVEDORE_SERVER=1"));
            root.config().server().ifPresent(s -> root.out().println("but " + s.source() + ": server.enabled = "
                    + s.value() + " decides over this switch"));
            root.out().flush();
            return;
        }
        WarmServer.serve(Path.of(root.storeRoot().orElseThrow()), idle(idleSeconds, root.config()), root.err());
    }
}
