package dev.stevedore.cli.warm;

import java.nio.file.Path;

/**
 * Where a store's warm server lives: {@code server/} in the store, private like the store
 * itself (0700), holding the socket (0600), the lock a running server holds, and its log.
 *
 * @param dir {@code STORE/server}
 */
public record ServerPlace(Path dir) {

    /** The longest socket path the kernel takes ({@code sun_path}, less its terminating NUL). */
    private static final int MAX_SOCKET_PATH = 107;

    public static ServerPlace of(Path storeRoot) {
        return new ServerPlace(storeRoot.resolve("server"));
    }

    public Path socket() {
        return dir.resolve("socket");
    }

    /** Held (fcntl) by the one running server: a second one started meanwhile sees it and goes. */
    public Path lock() {
        return dir.resolve("lock");
    }

    public Path log() {
        return dir.resolve("log");
    }

    /** The switch {@code stevedore server --enable} sets: the store's commands are served without {@code STEVEDORE_SERVER=1}. */
    public Path enabled() {
        return dir.resolve("enabled");
    }

    /** Whether the socket's path is short enough to bind; a store that deep runs without a server. */
    public boolean usable() {
        return socket().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }
}
