package dev.stevedore.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The subcommands of {@code stevedore}, and which of them a command line needs registered.
 * picocli builds a command's whole model (every option, by reflection) when it is registered,
 * ~0.4 s of CPU for all of them on every start; so only the one being run is, and all of them
 * only where they are listed or searched: help, completion, and usage errors (an unknown
 * command or flag gets a "did you mean").
 */
final class Subcommands {

    /** In the order help lists them. */
    static final List<Class<?>> ALL = List.of(
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
            AttestationsCommand.class,
            SbomCommand.class,
            TagCommand.class,
            RmiCommand.class,
            SaveCommand.class,
            LoadCommand.class,
            PruneCommand.class,
            FsckCommand.class,
            DuCommand.class,
            InfoCommand.class,
            SetupCommand.class,
            RunCommand.class,
            PullCommand.class,
            PushCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            ServerCommand.class,
            CompletionCommand.class);

    /** The commands that work on all the others. */
    private static final List<Class<?>> OVER_ALL = List.of(HelpCommand.class, CompletionCommand.class);

    private Subcommands() {}

    /**
     * The subcommands {@code args} needs: the one it names; none for a bare {@code --version};
     * all of them otherwise (no command, help, completion, an unknown command or flag).
     */
    static List<Class<?>> neededFor(String[] args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--debug" -> { }
                case "--root" -> i++;
                case "-V", "--version" -> version = true;
                default -> {
                    if (arg.startsWith("--root=")) {
                        continue;
                    }
                    if (arg.startsWith("-")) {
                        return ALL;
                    }
                    return named(arg);
                }
            }
        }
        return version ? List.of() : ALL;
    }

    private static List<Class<?>> named(String name) {
        for (Class<?> command : ALL) {
            if (name(command).equals(name)) {
                return OVER_ALL.contains(command) ? ALL : List.of(command);
            }
        }
        return ALL;
    }

    static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
