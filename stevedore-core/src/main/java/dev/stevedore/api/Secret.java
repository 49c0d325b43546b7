package dev.stevedore.api;

import dev.stevedore.api.edge.EngineValues;
import dev.stevedore.exec.mounts.SecretSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A build secret ({@code RUN --mount=type=secret}): where its value is read when a step mounts it,
 * never kept in the image or the cache.
 */
public sealed interface Secret {

    /**
     * The id a Dockerfile names it by.
     *
     * @return the id
     */
    String id();

    /**
     * A secret read from a file.
     *
     * @param id   the id a Dockerfile names it by
     * @param file the file holding its value
     */
    record FromFile(String id, Path file) implements Secret {

        /** Checks the components. */
        public FromFile {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A secret read from an environment variable of the program.
     *
     * @param id       the id a Dockerfile names it by
     * @param variable the variable holding its value
     */
    record FromEnv(String id, String variable) implements Secret {

        /** Checks the components. */
        public FromEnv {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(variable, "variable");
        }
    }

    /**
     * A {@code --secret} flag's value as docker buildx parses it ({@code id=ID[,src=FILE|,env=VAR]}),
     * a relative file against this process's working directory.
     *
     * @param flag the flag's value
     * @param env  the environment a bare {@code id} is looked up in
     * @return the secret
     */
    static Secret parse(String flag, Map<String, String> env) {
        return EngineValues.secret(SecretSource.parse(flag, env));
    }

    /**
     * A {@code --secret} flag's value, a relative file against {@code cwd}.
     *
     * @param flag the flag's value
     * @param env  the environment a bare {@code id} is looked up in
     * @param cwd  the directory a relative {@code src} is in
     * @return the secret
     */
    static Secret parse(String flag, Map<String, String> env, Path cwd) {
        return EngineValues.secret(SecretSource.parse(flag, env, cwd));
    }
}
