package dev.stevedore.api;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.output.OutputTarget;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code -o/--output} as buildx does: {@code type=oci|docker|local|tar,dest=PATH}, or a bare
 * {@code PATH} meaning {@code type=local,dest=PATH}.
 */
public final class OutputSpec {

    private OutputSpec() {}

    /**
     * The export {@code spec} describes.
     *
     * @param spec an {@code --output} value: {@code type=oci|docker|local|tar,dest=PATH}, or a bare
     *             directory
     * @return the export
     * @throws InvalidInputException for an unknown type, a missing destination, an unknown key, or
     *         {@code dest=-} (standard output is not supported)
     */
    public static OutputTarget parse(String spec) {
        if (spec.isEmpty()) {
            throw new InvalidInputException("invalid --output \"\": it is empty");
        }
        if (!spec.contains("=")) {
            return new OutputTarget.LocalDirectory(dest(spec, spec));
        }
        Map<String, String> fields = fields(spec);
        String type = fields.getOrDefault("type", "");
        String dest = fields.get("dest");
        if (type.isEmpty()) {
            throw new InvalidInputException("invalid --output \"" + spec + "\": type= is missing");
        }
        if (!type.equals("oci") && !type.equals("docker") && !type.equals("local") && !type.equals("tar")) {
            throw new InvalidInputException("invalid --output \"" + spec + "\": unknown type \"" + type
                    + "\" (known: oci, docker, local, tar)");
        }
        if (dest == null || dest.isEmpty()) {
            throw new InvalidInputException("invalid --output \"" + spec + "\": dest= is missing");
        }
        Path path = dest(spec, dest);
        return switch (type) {
            case "oci" -> new OutputTarget.OciArchive(path);
            case "docker" -> new OutputTarget.DockerArchive(path);
            case "local" -> new OutputTarget.LocalDirectory(path);
            default -> new OutputTarget.Tar(path);
        };
    }

    private static Map<String, String> fields(String spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : spec.split(",", -1)) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("invalid --output \"" + spec + "\": \"" + field
                        + "\" is not KEY=VALUE");
            }
            String key = field.substring(0, eq).strip();
            if (!key.equals("type") && !key.equals("dest")) {
                throw new InvalidInputException("invalid --output \"" + spec + "\": unknown key \"" + key
                        + "\" (known: type, dest)");
            }
            fields.put(key, field.substring(eq + 1));
        }
        return fields;
    }

    private static Path dest(String spec, String dest) {
        if (dest.equals("-")) {
            throw new InvalidInputException("invalid --output \"" + spec
                    + "\": writing to standard output (dest=-) is not supported; name a file");
        }
        return Path.of(dest);
    }
}
