package dev.stevedore.api;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.LayerCompression;
import dev.stevedore.output.OutputTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code -o/--output} as buildx does: {@code type=oci|docker|local|tar,dest=PATH}, or a bare
 * {@code PATH} meaning {@code type=local,dest=PATH}; {@code type=image[,push=true]} and
 * {@code type=registry} (the image into the store, pushed to every {@code -t} name with
 * {@code push}); the image and archive types take buildx's {@code compression=uncompressed|gzip|zstd},
 * {@code compression-level=N} and {@code force-compression=true}.
 */
public final class OutputSpec {

    private static final List<String> COMPRESSION = List.of("compression", "compression-level", "force-compression");

    private OutputSpec() {}

    /**
     * The export {@code spec} describes.
     *
     * @param spec an {@code --output} value: {@code type=oci|docker|local|tar,dest=PATH}, or a bare
     *             directory
     * @return the export
     * @throws InvalidInputException for an unknown type, a missing destination, an unknown key, a
     *         bad compression, or {@code dest=-} (standard output is not supported)
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
        if (type.isEmpty()) {
            throw new InvalidInputException("invalid --output \"" + spec + "\": type= is missing");
        }
        String what = "invalid --output \"" + spec + "\"";
        return switch (type) {
            case "image", "registry" -> {
                only(spec, fields, "push", "oci-mediatypes");
                String push = fields.getOrDefault("push", type.equals("registry") ? "true" : "false");
                if (!push.equals("true") && !push.equals("false")) {
                    throw new InvalidInputException(what + ": push must be true or false, not \"" + push + "\"");
                }
                if (fields.getOrDefault("oci-mediatypes", "true").equals("false")) {
                    throw new InvalidInputException(what + ": oci-mediatypes=false is not supported: Stevedore"
                            + " writes OCI media types, which every registry and runtime of today reads");
                }
                yield new OutputTarget.Store(List.of(), Boolean.parseBoolean(push),
                        LayerCompression.parse(what, fields));
            }
            case "oci", "docker" -> {
                only(spec, fields, "dest");
                Path path = dest(spec, fields);
                Optional<LayerCompression> compression = LayerCompression.parse(what, fields);
                yield type.equals("oci") ? new OutputTarget.OciArchive(path, compression)
                        : new OutputTarget.DockerArchive(path, compression);
            }
            case "local" -> {
                only(spec, fields, "dest");
                yield new OutputTarget.LocalDirectory(dest(spec, fields));
            }
            case "tar" -> {
                only(spec, fields, "dest");
                yield new OutputTarget.Tar(dest(spec, fields));
            }
            default -> throw new InvalidInputException(what + ": unknown type \"" + type
                    + "\" (known: image, registry, oci, docker, local, tar)");
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
            fields.put(field.substring(0, eq).strip(), field.substring(eq + 1));
        }
        return fields;
    }

    /** Refuses a key the type does not know: besides {@code type} and {@code known}, the compression keys. */
    private static void only(String spec, Map<String, String> fields, String... known) {
        List<String> allowed = new ArrayList<>(List.of("type"));
        allowed.addAll(List.of(known));
        boolean compresses = !allowed.contains("dest") || fields.get("type").equals("oci")
                || fields.get("type").equals("docker");
        if (compresses) {
            allowed.addAll(COMPRESSION);
        }
        for (String key : fields.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidInputException("invalid --output \"" + spec + "\": unknown key \"" + key
                        + "\" (known: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static Path dest(String spec, Map<String, String> fields) {
        String dest = fields.get("dest");
        if (dest == null || dest.isEmpty()) {
            throw new InvalidInputException("invalid --output \"" + spec + "\": dest= is missing");
        }
        return dest(spec, dest);
    }

    private static Path dest(String spec, String dest) {
        if (dest.equals("-")) {
            throw new InvalidInputException("invalid --output \"" + spec
                    + "\": writing to standard output (dest=-) is not supported; name a file");
        }
        return Path.of(dest);
    }
}
