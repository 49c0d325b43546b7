package dev.stevedore.cli;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker run --env-file}: each file's lines as {@code -e} flags, before the {@code -e}
 * flags themselves (which so win), as Docker reads them: blank lines and lines starting with
 * {@code #} are skipped, leading whitespace is dropped, no quotes are interpreted, and a line
 * {@code NAME} without {@code =} takes the host's value.
 */
final class EnvFiles {

    private EnvFiles() {}

    /** The files' entries in order, then {@code flags}. */
    static List<String> lines(List<Path> files, List<String> flags) {
        List<String> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(read(file));
        }
        all.addAll(flags);
        return all;
    }

    private static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("env file " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new InvalidInputException("env file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read env file " + file + ": " + e.getMessage(), e);
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("=")) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": variable name is empty in \"" + line + "\"");
            }
            if (line.substring(0, line.contains("=") ? line.indexOf('=') : line.length()).contains(" ")) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": variable \"" + line
                        + "\" contains whitespaces");
            }
            entries.add(line);
        }
        return entries;
    }
}
