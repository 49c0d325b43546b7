package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a build secret comes from: {@code --secret id=NAME,src=FILE} or {@code --secret id=NAME,env=VAR},
 * parsed as docker buildx parses it. The value is read only when a step mounts it, and never kept.
 */
public sealed interface SecretSource {

    /** BuildKit refuses bigger secrets (its {@code MaxSecretSize}). */
    long MAX_SIZE = 500 * 1024;

    /** The id a {@code RUN --mount=type=secret,id=...} refers to. */
    String id();

    /** The secret's bytes; {@code env} is the environment the build was started with. */
    byte[] read(Map<String, String> env);

    /** A secret read from a host file. */
    record FromFile(String id, Path file) implements SecretSource {
        public FromFile {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(file, "file");
        }

        @Override
        public byte[] read(Map<String, String> env) {
            try {
                if (Files.size(file) > MAX_SIZE) {
                    throw new InvalidInputException("secret " + id + " is too big: " + file
                            + " has more than " + MAX_SIZE + " bytes");
                }
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new NotFoundException("secret " + id + ": file " + file + " does not exist");
            } catch (IOException e) {
                throw new InvalidInputException("secret " + id + ": cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** A secret taken from a variable of the environment stevedore runs in (empty when unset, as BuildKit). */
    record FromEnv(String id, String variable) implements SecretSource {
        public FromEnv {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(variable, "variable");
        }

        @Override
        public byte[] read(Map<String, String> env) {
            return env.getOrDefault(variable, "").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** {@link #parse(String, Map, Path)} with relative files against this process's working directory. */
    public static SecretSource parse(String flag, Map<String, String> env) {
        return parse(flag, env, Path.of("").toAbsolutePath());
    }

    /**
     * Parses the value of one {@code --secret} flag: comma-separated {@code key=value} fields
     * {@code id}, {@code src}/{@code source}, {@code env} and {@code type} ({@code file} or
     * {@code env}). With neither {@code src} nor {@code env}, the id names an environment variable
     * if {@code env} has it, else a file (BuildKit's rule).
     *
     * @throws InvalidInputException naming the flag when it is malformed
     *
     * @param cwd the directory a relative {@code src} is in (the command's, which a warm server is not in)
     */
    public static SecretSource parse(String flag, Map<String, String> env, Path cwd) {
        String type = "";
        String id = "";
        String src = "";
        String var = "";
        for (String field : Fields.split(flag, "--secret")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw new InvalidInputException("--secret " + flag + ": field \"" + field + "\" must be a key=value pair");
            }
            String value = field.substring(eq + 1);
            switch (field.substring(0, eq).toLowerCase(java.util.Locale.ROOT)) {
                case "type" -> type = checkType(flag, value);
                case "id" -> id = value;
                case "src", "source" -> src = value;
                case "env" -> var = value;
                default -> throw new InvalidInputException("--secret " + flag + ": unexpected key \""
                        + field.substring(0, eq) + "\" in \"" + field + "\"");
            }
        }
        if (type.equals("env") && var.isEmpty()) {
            var = src;
            src = "";
        }
        if (id.isEmpty()) {
            throw new InvalidInputException("--secret " + flag + ": the secret has no id (id=NAME)");
        }
        if (!var.isEmpty()) {
            return new FromEnv(id, var);
        }
        if (!src.isEmpty()) {
            return new FromFile(id, cwd.resolve(src));
        }
        return env.containsKey(id) ? new FromEnv(id, id) : new FromFile(id, cwd.resolve(id));
    }

    private static String checkType(String flag, String type) {
        if (!type.equals("file") && !type.equals("env")) {
            throw new InvalidInputException("--secret " + flag + ": unsupported secret type \"" + type
                    + "\" (file or env)");
        }
        return type;
    }
}
