package dev.stevedore.runtime;

import dev.stevedore.oci.ImageConfig;
import java.util.ArrayList;
import java.util.List;

/** The environment of a run: the given one, completed as Docker completes it. */
final class Environment {

    private Environment() {}

    /** {@code PATH} and {@code HOSTNAME} first when missing, then {@code env}, then {@code HOME} when missing. */
    static List<String> complete(List<String> env, String hostname, String home) {
        List<String> result = new ArrayList<>();
        if (!has(env, "PATH")) {
            result.add("PATH=" + ImageConfig.defaultPath("linux"));
        }
        if (!has(env, "HOSTNAME")) {
            result.add("HOSTNAME=" + hostname);
        }
        result.addAll(env);
        if (!has(env, "HOME")) {
            result.add("HOME=" + home);
        }
        return List.copyOf(result);
    }

    private static boolean has(List<String> env, String key) {
        return env.stream().anyMatch(e -> e.startsWith(key + "="));
    }
}
