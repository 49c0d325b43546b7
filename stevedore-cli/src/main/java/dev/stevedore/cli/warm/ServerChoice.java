package dev.stevedore.cli.warm;

import dev.stevedore.config.StevedoreConfig;
import java.nio.file.Files;

/**
 * Whether a store's commands run in its warm server, and what decided: {@code STEVEDORE_SERVER}
 * ({@code 1} or {@code 0}), else the config files' {@code [server] enabled}, else the store's
 * switch ({@code stevedore server --enable}); off by default.
 *
 * @param source what decided, as {@code info} shows it
 */
public record ServerChoice(boolean on, String source) {

    public static ServerChoice of(String variable, StevedoreConfig config, ServerPlace place) {
        if ("1".equals(variable) || "0".equals(variable)) {
            return new ServerChoice(variable.equals("1"), Launcher.SERVER_ENV + "=" + variable);
        }
        return config.server().map(s -> new ServerChoice(s.value(), s.source()))
                .orElseGet(() -> Files.exists(place.enabled()) ? new ServerChoice(true, "server --enable")
                        : new ServerChoice(false, "default"));
    }
}
