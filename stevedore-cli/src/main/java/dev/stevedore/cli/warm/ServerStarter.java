package dev.stevedore.cli.warm;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a store's warm server in the background: {@code stevedore --root STORE server}, in a
 * session of its own (so that the terminal's Ctrl-C, meant for the client, does not reach it),
 * its output into its log. It goes by itself once idle.
 */
final class ServerStarter {

    /** Set (seconds) to give a started server another idle timeout than its default. */
    static final String IDLE_ENV = "STEVEDORE_SERVER_IDLE_SECONDS";

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ServerStarter() {}

    static void start(ServerPlace place) {
        Path store = place.dir().getParent();
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(Client.jvmCommand());
        command.addAll(List.of("--root", store.toString(), "server"));
        String idle = System.getenv(IDLE_ENV);
        if (idle != null && !idle.isBlank()) {
            command.addAll(List.of("--idle-timeout", idle));
        }
        try {
            if (Files.isDirectory(place.dir())) {
                // the log of the last server only
                Files.deleteIfExists(place.log());
            }
            File log = Files.isDirectory(place.dir()) ? place.log().toFile() : new File("/dev/null");
            new ProcessBuilder(command).directory(new File("/"))
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            // no server then: the client runs the command itself
        }
    }
}
