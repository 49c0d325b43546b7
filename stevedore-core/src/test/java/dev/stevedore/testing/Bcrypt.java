package dev.stevedore.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An htpasswd line with a bcrypt hash (the only kind docker-registry accepts). Java has no
 * bcrypt without a library, so this asks {@code htpasswd -B} (apache2-utils) or, failing that,
 * Python's {@code crypt} (libxcrypt knows {@code $2b$}); the test is skipped when neither is there.
 */
final class Bcrypt {

    private Bcrypt() {}

    static String htpasswdLine(String user, String password) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (Files.isExecutable(Path.of("/usr/bin/htpasswd"))) {
            return TestRegistry.run(tmp, List.of("/usr/bin/htpasswd", "-Bbn", user, password)).strip();
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "neither htpasswd nor python3 to hash a password");
        String hash = TestRegistry.run(tmp, List.of("/usr/bin/python3", "-W", "ignore", "-c",
                "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))",
                password)).strip();
        assumeTrue(hash.startsWith("$2"), "python3 crypt has no bcrypt here");
        return user + ":" + hash;
    }
}
