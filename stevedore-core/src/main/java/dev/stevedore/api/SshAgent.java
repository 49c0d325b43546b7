package dev.stevedore.api;

import dev.stevedore.api.edge.EngineValues;
import dev.stevedore.exec.mounts.SshSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * An SSH agent a build forwards to {@code RUN --mount=type=ssh} steps.
 *
 * @param id     the id a Dockerfile names it by ({@code default} unless given)
 * @param socket the agent's socket
 */
public record SshAgent(String id, Path socket) {

    /** Checks the components. */
    public SshAgent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(socket, "socket");
    }

    /**
     * An {@code --ssh} flag's value ({@code default}, {@code ID} or {@code ID=SOCKET}), a relative
     * socket against this process's working directory.
     *
     * @param flag the flag's value
     * @param env  the environment whose {@code SSH_AUTH_SOCK} a bare id uses
     * @return the agent
     */
    public static SshAgent parse(String flag, Map<String, String> env) {
        return EngineValues.ssh(SshSource.parse(flag, env));
    }

    /**
     * An {@code --ssh} flag's value, a relative socket against {@code cwd}.
     *
     * @param flag the flag's value
     * @param env  the environment whose {@code SSH_AUTH_SOCK} a bare id uses
     * @param cwd  the directory a relative socket is in
     * @return the agent
     */
    public static SshAgent parse(String flag, Map<String, String> env, Path cwd) {
        return EngineValues.ssh(SshSource.parse(flag, env, cwd));
    }
}
