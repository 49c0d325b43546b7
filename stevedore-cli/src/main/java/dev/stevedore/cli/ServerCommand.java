package dev.stevedore.cli;

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

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "10800",
            description = "Exit after this long without a command (default: ${DEFAULT-VALUE}).")
    long idleSeconds;

    @Option(names = "--enable", description = "Serve this store's commands from now on (STEVEDORE_SERVER=0 still says no), and exit.")
    boolean enable;

    @Option(names = "--disable", description = "Undo --enable (STEVEDORE_SERVER=1 still says yes), and exit.")
    boolean disable;

    @Override
    public void run() {
        if (enable || disable) {
            WarmServer.enable(Path.of(root.storeRoot().orElseThrow()), enable);
            root.out().println("commands of " + root.storeRoot().orElseThrow() + " run in a warm server: "
                    + (enable ? "yes" : "only with STEVEDORE_SERVER=1"));
            root.out().flush();
            return;
        }
        WarmServer.serve(Path.of(root.storeRoot().orElseThrow()), Duration.ofSeconds(Math.max(1, idleSeconds)),
                root.err());
    }
}
