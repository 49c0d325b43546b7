package dev.stevedore.cli;

import java.io.PrintWriter;
import dev.stevedore.dockerfile.Suggestions;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error, as docker prints one: what was wrong (an unknown flag or command with the
 * closest real one), the command's usage line, and where to find more; exit code 2.
 *
 * <pre>
 * ERROR: unknown flag: --tga (did you mean --tag?)
 * Usage: stevedore build [OPTIONS] PATH | URL | -
 * Run 'stevedore build --help' for more information.
 * </pre>
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("ERROR: " + message(ex));
        err.println("Usage: " + cmd.getHelp().synopsis(0).strip());
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return Cli.USAGE;
    }

    private static String message(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        String typed = u.getUnmatched().getFirst();
        CommandSpec spec = u.getCommandLine().getCommandSpec();
        if (typed.startsWith("-")) {
            String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            List<String> names = spec.options().stream().filter(o -> !o.hidden())
                    .map(OptionSpec::names).flatMap(Arrays::stream).toList();
            return "unknown flag: " + name + suggestion(name, names);
        }
        if (!spec.subcommands().isEmpty()) {
            return "unknown command: " + typed + suggestion(typed, spec.subcommands().keySet());
        }
        return "unexpected argument: " + typed;
    }

    private static String suggestion(String typed, Collection<String> candidates) {
        return Suggestions.closest(typed, candidates).map(c -> " (did you mean " + c + "?)").orElse("");
    }
}
