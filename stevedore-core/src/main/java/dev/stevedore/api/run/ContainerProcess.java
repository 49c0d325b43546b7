package dev.stevedore.api.run;

import dev.stevedore.api.edge.EngineValues;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.oci.EnvLine;
import dev.stevedore.runtime.ProcessSpec;
import dev.stevedore.runtime.RunMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process {@code docker run} starts for an image's config and the run's options: its
 * arguments, environment, user and working directory.
 */
final class ContainerProcess {

    private ContainerProcess() {}

    static ProcessSpec of(ContainerConfig image, RunRequest request, String hostname) {
        return new ProcessSpec(args(image, request), env(image.env(), request.env()),
                request.workdir().orElse(image.workingDir().isEmpty() ? "/" : image.workingDir()),
                request.user().orElse(image.user()), hostname, EngineValues.network(request.network()),
                request.volumes().stream().<RunMount>map(v -> new RunMount.Bind(v.source(), v.target(), v.readOnly()))
                        .toList(),
                request.stdin(), request.sandbox(), request.stdio());
    }

    /**
     * Entrypoint then cmd, as Docker combines them: COMMAND replaces {@code Cmd};
     * {@code --entrypoint} replaces {@code Entrypoint} and drops the image's {@code Cmd}.
     *
     * @throws InvalidInputException "No command specified" when both end up empty
     */
    static List<String> args(ContainerConfig image, RunRequest request) {
        List<String> entrypoint = request.entrypoint()
                .map(e -> e.isEmpty() ? List.<String>of() : List.of(e))
                .orElse(image.entrypoint());
        List<String> cmd = !request.command().isEmpty() ? request.command()
                : request.entrypoint().isPresent() ? List.of() : image.cmd();
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty()) {
            throw new InvalidInputException("No command specified: image " + request.image()
                    + " has no Entrypoint or Cmd and none was given");
        }
        return args;
    }

    /** The image's variables, overridden (in place) or extended by the run's, as Docker merges them. */
    static List<String> env(List<String> image, List<String> run) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : image) {
            put(merged, entry);
        }
        for (String entry : run) {
            put(merged, entry);
        }
        return merged.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static void put(Map<String, String> env, String entry) {
        EnvLine line = EnvLine.parse(entry).filter(l -> entry.contains("=")).orElseThrow(() ->
                new InvalidInputException("environment entry \"" + entry + "\" is not NAME=value"));
        env.put(line.name(), line.value());
    }
}
