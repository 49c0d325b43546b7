package dev.stevedore.cli;

import dev.stevedore.api.RootlessMode;
import java.io.PrintStream;
import java.util.List;

/**
 * An ordinary user's command that works on snapshots or containers is run again as root of a user
 * namespace ({@link RootlessMode}): this process only starts it and passes its status on. Commands
 * that only read text (parse, lint, help, completion) or credentials (login, logout) stay here.
 */
final class RootlessRelay {

    private static final List<Class<?>> OUTSIDE = List.of(ParseCommand.class, LintCommand.class, DebugCommand.class,
            LoginCommand.class, LogoutCommand.class);

    private RootlessRelay() {}

    static boolean applies(String[] args) {
        List<Class<?>> needed = Subcommands.neededFor(args);
        return needed.size() == 1 && !OUTSIDE.contains(needed.getFirst()) && RootlessMode.needed();
    }

    static int run(PrintStream err) {
        try {
            return RootlessMode.relaunch(warning -> {
                err.println("WARNING: " + warning);
                err.flush();
            });
        } catch (Exception e) {
            err.println("ERROR: " + Cli.userMessage(e));
            err.flush();
            return Cli.FAILED;
        }
    }
}
