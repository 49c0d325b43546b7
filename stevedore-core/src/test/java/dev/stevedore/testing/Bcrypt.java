package dev.stevedore.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An htpasswd line with a bcrypt hash (the only kind docker-registry accepts). Java has no
 * bcrypt without a library, so this asks {@code htpasswd -B} (apache2-utils).
 */
final class Bcrypt {

    private Bcrypt() {}

    static String htpasswdLine(String user, String password) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path htpasswd = Prerequisites.tool("htpasswd");
        return TestRegistry.run(tmp, List.of(htpasswd.toString(), "-Bbn", user, password)).strip();
    }
}
