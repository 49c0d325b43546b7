package dev.stevedore.context;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Dockerfile of a build, read once: what the builder parses, whatever {@code .dockerignore}
 * says of it.
 *
 * @param name    how to name it in messages: the {@code -f} path as given, else {@code Dockerfile}
 * @param content its bytes, as read
 */
public record DockerfileInput(String name, byte[] content) {

    public DockerfileInput {
        Objects.requireNonNull(name, "name");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as UTF-8 text. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DockerfileInput d && d.name.equals(name) && Arrays.equals(d.content, content);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "DockerfileInput[" + name + ", " + content.length + " bytes]";
    }
}
