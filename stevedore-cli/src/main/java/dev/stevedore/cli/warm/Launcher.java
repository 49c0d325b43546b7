package dev.stevedore.cli.warm;

import dev.stevedore.cli.Main;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.store.StoreRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command-line entry point ({@code ./stevedore} runs it first). With {@code STEVEDORE_SERVER=1},
 * or {@code [server] enabled = true} in the config files, or, when they do not say, the store's
 * switch on ({@code stevedore server --enable}), and {@code STEVEDORE_SERVER} not
 * {@code 0}, it hands the command line to the store's warm server (see {@link Client}), starting
 * one when none runs; otherwise, or when no server can be had, it runs the command in this JVM
 * ({@link Main}). Kept small: no picocli, no JSON on this path, so that a served command costs a
 * JVM's start and little more.
 */
public final class Launcher {

    /** {@code 1}: commands run in the store's warm server; {@code 0}: they do not, whatever the store's switch says. */
    public static final String SERVER_ENV = "STEVEDORE_SERVER";

    private Launcher() {}

    public static void main(String[] args) {
        Optional<Client> client = client(args);
        if (client.isPresent()) {
            Optional<Integer> code = client.get().run();
            if (code.isPresent()) {
                if (!client.get().signalled()) {
                    System.exit(code.get());
                }
                return; // the JVM is exiting with the signal's status
            }
        }
        Main.main(args);
    }

    /** A client for {@code args}, when they are to be served. */
    private static Optional<Client> client(String[] args) {
        String server = System.getenv(SERVER_ENV);
        Optional<Optional<String>> root = "0".equals(server) ? Optional.empty() : served(args);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        try {
            ServerPlace place = ServerPlace.of(StoreRoot.resolve(root.get()).path());
            boolean on = ServerChoice.of(server, StevedoreConfig.locate(System.getenv()), place).on();
            return on && place.usable() ? Optional.of(new Client(place, List.of(args))) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // a --root that is no path: the command says so itself
        }
    }

    /**
     * The {@code --root} of a command line to serve (empty text: none given); nothing for the
     * commands a server does not run: {@code server} itself, and {@code run} on a terminal
     * (interactive, the container's own terminal) or with {@code -i}/{@code -t} (the container
     * reads and writes this process's own streams, which a server does not have).
     */
    static Optional<Optional<String>> served(String[] args) {
        Optional<String> root = Optional.empty();
        String command = null;
        boolean ownStreams = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--root") && i + 1 < args.length) {
                root = Optional.of(args[++i]);
            } else if (a.startsWith("--root=")) {
                root = Optional.of(a.substring("--root=".length()));
            } else if ("run".equals(command) && a.matches("-[it]+|--(interactive|tty)(=true)?")) {
                ownStreams = true;
            } else if (!a.startsWith("-")) {
                if (command == null) {
                    command = a;
                } else if (command.equals("run")) {
                    break; // run's image: all that follows is the container's
                }
            }
        }
        if ("server".equals(command) || ownStreams || ("run".equals(command) && System.console() != null
                && System.console().isTerminal())) {
            return Optional.empty();
        }
        return Optional.of(root.map(r -> Path.of(r).toAbsolutePath().toString()));
    }
}
