package dev.stevedore.cli;

import dev.stevedore.api.MachineRegistries;
import dev.stevedore.api.SystemInfo;
import dev.stevedore.cli.warm.Launcher;
import dev.stevedore.cli.warm.ServerChoice;
import dev.stevedore.cli.warm.ServerPlace;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.store.StoreRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code stevedore info} shows of the settings and where each came from: Stevedore's config
 * files, the registry files ({@code registries.conf}, {@code daemon.json}), the flag or the
 * environment variable that overrides them.
 */
final class ConfigFacts {

    private ConfigFacts() {}

    static List<SystemInfo.Fact> of(StevedoreConfig config, Map<String, String> env, Optional<String> rootFlag,
                                    Path store) {
        List<SystemInfo.Fact> facts = new ArrayList<>();
        facts.add(new SystemInfo.Fact("Config files", config.files().isEmpty()
                ? "none (looked for " + StevedoreConfig.systemFile(env) + ", " + StevedoreConfig.userFile(env) + ")"
                : join(config.files())));
        facts.add(new SystemInfo.Fact("Store root from", rootFlag.isPresent() ? "--root"
                : !env.getOrDefault(StoreRoot.ENV, "").isBlank() ? StoreRoot.ENV
                : config.root().map(StevedoreConfig.Setting::source).orElse("default")));
        String progress = env.getOrDefault("BUILDKIT_PROGRESS", "");
        facts.add(new SystemInfo.Fact("Default progress", !progress.isEmpty() ? progress + " (from BUILDKIT_PROGRESS)"
                : config.progress().map(p -> p.value() + " (from " + p.source() + ")").orElse("auto (default)")));
        facts.add(new SystemInfo.Fact("Warm server", server(config, env, store) + "; idle timeout "
                + config.idleTimeout().map(t -> t.value().toSeconds() + "s (from " + t.source() + ")")
                .orElse(ServerCommand.DEFAULT_IDLE.toSeconds() + "s (default)")));
        facts.addAll(MachineRegistries.facts(env));
        return facts;
    }

    private static String server(StevedoreConfig config, Map<String, String> env, Path store) {
        ServerChoice choice = ServerChoice.of(env.get(Launcher.SERVER_ENV), config, ServerPlace.of(store));
        return (choice.on() ? "on" : "off") + (choice.source().equals("default")
                ? " (default; STEVEDORE_SERVER=1 or [server] enabled = true turns it on)"
                : " (from " + choice.source() + ")");
    }

    private static String join(Collection<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
