package dev.stevedore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.shell.Env;
import dev.stevedore.dockerfile.shell.ShellLexer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code stevedore debug}: tools that expose one part of the library to the outside, for tests
 * and for curious users. Nothing here builds anything.
 */
@Command(name = "debug", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore debug expand --env NAME=world <<< 'hello $${NAME:-you}'"},
        description = "Exercise parts of Stevedore on their own.")
final class DebugCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    /**
     * Expands every line of standard input as a Dockerfile word, as BuildKit's shell lexer does,
     * and prints one line per input line.
     */
    @Command(name = "expand", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  echo '$${HOME:-/root}/bin' | stevedore debug expand --env HOME=/home/app",
                "  echo 'a \"b c\" $X' | stevedore debug expand --words --env X=d"},
        description = {
        "Expand each line of standard input as a Dockerfile word ($VAR, $${VAR:-x}, quotes, escapes).",
        "Prints, per line, the expanded word, or with --words the words as a JSON array,",
        "or 'error: <message>' when the line cannot be expanded."})
    int expand(
            @Option(names = "--escape", paramLabel = "CHAR", defaultValue = "\\",
                    description = "The escape character: \\ (default) or ` (as with '# escape=`').") String escape,
            @Option(names = "--env", paramLabel = "NAME=VALUE",
                    description = "Set a variable; repeat for several.") List<String> env,
            @Option(names = "--words",
                    description = "Split into words where Docker does; print them as a JSON array.") boolean words) {
        ShellLexer lexer = lexer(escape);
        Env vars = env(env == null ? List.of() : env);
        PrintStream out = new PrintStream(root.out(), true, StandardCharsets.UTF_8);
        Reader in = new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8));
        try {
            for (String line = readLine(in); line != null; line = readLine(in)) {
                out.println(expandLine(lexer, vars, line, words));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
        return Cli.OK;
    }

    private static String expandLine(ShellLexer lexer, Env vars, String line, boolean words) {
        try {
            return words ? json(lexer.expandWords(line, vars)) : lexer.expandWord(line, vars);
        } catch (StevedoreException e) {
            return "error: " + e.getMessage();
        }
    }

    private ShellLexer lexer(String escape) {
        try {
            if (escape.length() != 1) {
                throw new InvalidInputException("it must be one character, \\ or `");
            }
            return new ShellLexer(escape.charAt(0));
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("expand"),
                    "Invalid value for option '--escape': '" + escape + "': " + e.getMessage());
        }
    }

    private Env env(List<String> assignments) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine().getSubcommands().get("expand"),
                        "Invalid value for option '--env': '" + assignment + "' is not NAME=VALUE");
            }
            vars.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return Env.of(vars);
    }

    /**
     * Reads one line of UTF-8 text without its {@code \n} (a {@code \r} before it goes too);
     * null at the end of input. Read as it comes, so that the command answers line by line.
     */
    private static String readLine(Reader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        if (c == -1 && line.isEmpty()) {
            return null;
        }
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        return line.toString();
    }

    private static String json(List<String> words) {
        try {
            return Json.MAPPER.writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson only for {@code expand --words}: it loads hundreds of classes. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
