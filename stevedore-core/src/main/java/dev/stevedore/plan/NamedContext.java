package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ImageReference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A named build context, {@code --build-context NAME=DIR|docker-image://REF}. As in BuildKit, a
 * FROM or a {@code --from} whose value is {@code NAME} uses it instead of the image of that name,
 * and a stage named {@code NAME} is replaced by it: references to that stage mean the context
 * and the stage is not built. Names are compared in
 * Docker's familiar form without {@code :latest}: a context named {@code alpine} shadows
 * {@code alpine}, {@code alpine:latest} and {@code docker.io/library/alpine}.
 *
 * @param name   the name as given, e.g. {@code alpine:3.20} or {@code sources}
 * @param source what the name stands for
 */
public record NamedContext(String name, Source source) {

    /** What a named context stands for. */
    public sealed interface Source {

        /** A local directory, used like the main build context. */
        record Directory(Path path) implements Source {
            public Directory {
                Objects.requireNonNull(path, "path");
            }
        }

        /** An image, pulled like a base image ({@code docker-image://REF}). */
        record DockerImage(ImageReference ref) implements Source {
            public DockerImage {
                Objects.requireNonNull(ref, "ref");
            }
        }
    }

    private static final String DOCKER_IMAGE = "docker-image://";

    public NamedContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (name.isEmpty()) {
            throw new InvalidInputException("build context name must not be empty");
        }
    }

    /**
     * Parses {@code NAME=DIR} or {@code NAME=docker-image://REF}.
     *
     * @throws InvalidInputException naming the offending text
     */
    public static NamedContext parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new InvalidInputException("invalid build context \"" + spec
                    + "\": expected NAME=DIR or NAME=docker-image://REF");
        }
        String name = spec.substring(0, eq);
        String value = spec.substring(eq + 1);
        if (value.startsWith(DOCKER_IMAGE)) {
            String ref = value.substring(DOCKER_IMAGE.length());
            try {
                return new NamedContext(name, new Source.DockerImage(ImageReference.parseDockerRef(ref)));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("invalid build context \"" + spec + "\": " + e.getMessage(), e);
            }
        }
        if (value.contains("://")) {
            throw new InvalidInputException("invalid build context \"" + spec
                    + "\": only a directory or docker-image://REF is supported");
        }
        return new NamedContext(name, new Source.Directory(Path.of(value)));
    }

    /**
     * The key this context is found by: {@link #keyOf} of its name, so that the different ways
     * of writing one image meet.
     */
    public String key() {
        return keyOf(name);
    }

    /**
     * BuildKit's lookup key for a FROM or {@code --from} value: the familiar form of the
     * reference without {@code :latest}; the value itself, lower-cased, when it is no reference.
     */
    static String keyOf(String value) {
        try {
            String familiar = ImageReference.parse(value).familiarString();
            return familiar.endsWith(":latest") ? familiar.substring(0, familiar.length() - ":latest".length()) : familiar;
        } catch (InvalidInputException e) {
            return value.toLowerCase(java.util.Locale.ROOT);
        }
    }
}
