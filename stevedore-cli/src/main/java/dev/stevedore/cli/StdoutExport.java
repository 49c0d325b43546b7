package dev.stevedore.cli;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.linux.Terminals;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code -o -} and {@code -o type=…,dest=-}, as buildx takes them: the export goes to standard
 * output ({@code -} alone, and {@code type=local}, as a tar of the result's file system, as
 * buildx's {@code type=tar}). The library writes exports to files, so the export is written to a
 * temp file first and copied to standard output once the build has succeeded; the image id is
 * then not printed there. A terminal is refused: nobody wants a tar on their screen.
 */
final class StdoutExport {

    private final Path file;

    private StdoutExport(Path file) {
        this.file = file;
    }

    /** Whether {@code spec} sends its export to standard output. */
    static boolean toStdout(String spec) {
        return spec.equals("-") || fields(spec).contains("dest=-");
    }

    /**
     * The export to standard output among {@code outputs}, if any, with its temp file made.
     *
     * @throws InvalidInputException for more than one, or when standard output is a terminal
     */
    static Optional<StdoutExport> of(List<String> outputs, boolean stdoutIsTerminal) throws IOException {
        long count = outputs.stream().filter(StdoutExport::toStdout).count();
        if (count == 0) {
            return Optional.empty();
        }
        if (count > 1) {
            throw new InvalidInputException("only one --output may write to standard output (dest=-)");
        }
        if (stdoutIsTerminal) {
            throw new InvalidInputException("refusing to write the --output tar archive to a terminal: redirect "
                    + "standard output (stevedore build -o - . > out.tar) or name a file (dest=out.tar)");
        }
        return Optional.of(new StdoutExport(Files.createTempFile("stevedore-output-", ".tar")));
    }

    /** Whether this process's standard output, where {@code out} writes, is a terminal. */
    static boolean isTerminal(PrintStream out) {
        return out == System.out && Terminals.isTerminal(1);
    }

    /** {@code spec} writing to the temp file instead of standard output; other specs as they are. */
    String rewrite(String spec) {
        if (!toStdout(spec)) {
            return spec;
        }
        if (spec.equals("-")) {
            return "type=tar,dest=" + file;
        }
        List<String> out = new ArrayList<>();
        for (String field : fields(spec)) {
            out.add(field.equals("dest=-") ? "dest=" + file : field.equals("type=local") ? "type=tar" : field);
        }
        return String.join(",", out);
    }

    /** Copies the export to {@code out}. */
    void copyTo(PrintStream out) throws IOException {
        Files.copy(file, out);
        out.flush();
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private static List<String> fields(String spec) {
        return List.of(spec.split(","));
    }
}
