package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * The values given with {@code --build-arg NAME=VALUE}: they override the defaults of the
 * ARGs the Dockerfile declares. A few names are predefined and reach RUN without any ARG
 * (the proxy variables, as Docker documents them).
 */
public record BuildArgs(SequencedMap<String, String> values) {

    /** Docker's predefined ARGs: usable in RUN without a declaration, kept out of the image. */
    public static final Set<String> PROXY_ARGS = Set.of(
            "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
            "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    public static final BuildArgs NONE = new BuildArgs(new LinkedHashMap<>());

    public BuildArgs {
        values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
        for (String name : values.keySet()) {
            if (name.isEmpty() || name.contains("=")) {
                throw new InvalidInputException("invalid build arg name \"" + name + "\"");
            }
        }
    }

    public static BuildArgs of(Map<String, String> values) {
        return new BuildArgs(new LinkedHashMap<>(values));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }
}
