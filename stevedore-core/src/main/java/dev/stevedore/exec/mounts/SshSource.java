package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * An SSH agent socket a build may forward: {@code --ssh default} (the agent of
 * {@code $SSH_AUTH_SOCK}), {@code --ssh ID} (same agent, another id) or {@code --ssh ID=SOCKET}.
 * Only agent sockets are supported, not key files.
 */
public record SshSource(String id, Path socket) {

    public static final String DEFAULT_ID = "default";

    public SshSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(socket, "socket");
    }

    /**
     * Parses the value of one {@code --ssh} flag; {@code env} supplies {@code SSH_AUTH_SOCK}.
     *
     * @throws InvalidInputException naming the flag when it is malformed or no agent is known
     */
    public static SshSource parse(String flag, Map<String, String> env) {
        return parse(flag, env, Path.of("").toAbsolutePath());
    }

    /** As {@link #parse(String, Map)}, with a relative socket path in {@code cwd} (the command's). */
    public static SshSource parse(String flag, Map<String, String> env, Path cwd) {
        int eq = flag.indexOf('=');
        String id = eq < 0 ? flag : flag.substring(0, eq);
        if (id.isEmpty()) {
            throw new InvalidInputException("--ssh " + flag + ": the id is empty (--ssh default or --ssh ID=SOCKET)");
        }
        if (eq >= 0) {
            String path = flag.substring(eq + 1);
            if (path.isEmpty() || path.contains(",")) {
                throw new InvalidInputException("--ssh " + flag + ": give exactly one agent socket path after '='");
            }
            return new SshSource(id, cwd.resolve(path));
        }
        String sock = env.getOrDefault("SSH_AUTH_SOCK", "");
        if (sock.isEmpty()) {
            throw new InvalidInputException("--ssh " + flag + ": SSH_AUTH_SOCK is not set; give the socket as "
                    + id + "=PATH");
        }
        return new SshSource(id, cwd.resolve(sock));
    }
}
