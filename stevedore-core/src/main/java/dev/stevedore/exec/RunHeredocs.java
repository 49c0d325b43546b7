package dev.stevedore.exec;

import dev.stevedore.dockerfile.CommandLine;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.syntax.Heredoc;
import dev.stevedore.oci.ImageConfig;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The command a RUN with here-documents runs, as BuildKit's Dockerfile frontend makes it.
 *
 * <ul>
 *   <li>{@code RUN <<EOF} alone, whose body starts with {@code #!}: the body is a script file,
 *       {@code /dev/pipes/EOF} (mode 0755, mounted read-only), run as the command itself.
 *   <li>{@code RUN <<EOF} alone, other bodies: the body is the shell's script
 *       ({@code /bin/sh -c BODY}); {@code <<-} strips its lines' leading tabs.
 *   <li>Any other command line ({@code RUN cat <<EOF > /f}, several documents): the line and the
 *       bodies, each followed by its delimiter, are handed to the shell, which reads the
 *       here-documents itself (quoted delimiters, {@code <<-}, expansion: the shell's rules).
 * </ul>
 *
 * @param args   the process's arguments
 * @param script the script file to mount at {@link #PIPES}{@code /name}, for the {@code #!} case
 */
record RunHeredocs(List<String> args, Optional<Script> script) {

    static final String PIPES = "/dev/pipes";

    /** A script file: its name (the delimiter) and body. */
    record Script(String name, String content) {}

    private static final Pattern ALONE = Pattern.compile("[0-9]*<<-?(?:\"[^\"]+\"|'[^']+'|[^\\s\"']+)");

    static RunHeredocs of(ImageConfig image, Instruction.Run run) {
        if (run.heredocs().isEmpty() || !(run.command() instanceof CommandLine.ShellForm(String text))) {
            return new RunHeredocs(ConfigStep.command(image, run.command()), Optional.empty());
        }
        List<String> shell = ConfigStep.shell(image);
        if (ALONE.matcher(text.strip()).matches()) {
            Heredoc doc = run.heredocs().getFirst();
            String body = doc.chomp() ? doc.content().replaceAll("(?m)^\t+", "") : doc.content();
            if (body.startsWith("#!")) {
                return new RunHeredocs(List.of(PIPES + "/" + doc.name()), Optional.of(new Script(doc.name(), body)));
            }
            return new RunHeredocs(ConfigStep.plus(shell, List.of(body)), Optional.empty());
        }
        StringBuilder script = new StringBuilder(text);
        for (Heredoc doc : run.heredocs()) {
            script.append('\n').append(doc.content()).append(doc.name());
        }
        return new RunHeredocs(ConfigStep.plus(shell, List.of(script.toString())), Optional.empty());
    }
}
