package dev.stevedore.config;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a configuration file the machine may or may not have (Stevedore's config.toml,
 * registries.conf, daemon.json): absent is no error, unreadable is one sentence naming the file.
 */
public final class ConfigText {

    private ConfigText() {}

    /**
     * The text of {@code file}, UTF-8.
     *
     * @param file the configuration file
     * @return its text, or null when there is no such file
     * @throws InvalidInputException when it exists but cannot be read
     */
    public static String readIfPresent(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
