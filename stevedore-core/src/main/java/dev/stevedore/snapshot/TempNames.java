package dev.stevedore.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Names that say which process owns a directory entry: {@code <kind>-<pid>-<random>} under
 * {@code tmp/}, {@code <pid>-<random>} under {@code active/}. {@link Snapshotter#cleanupStale}
 * removes those whose process is gone.
 */
final class TempNames {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private TempNames() {}

    /** Four base32 characters: with the pid, unique enough for the entries of one process. */
    static String random() {
        char[] chars = new char[4];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = BASE32[RANDOM.nextInt(BASE32.length)];
        }
        return new String(chars);
    }

    /** Creates {@code dir/<kind>-<pid>-<random>}, a directory or an empty file. */
    static Path create(Path dir, String kind, boolean directory) throws IOException {
        Files.createDirectories(dir);
        while (true) {
            Path path = dir.resolve(kind + "-" + ProcessHandle.current().pid() + "-" + random());
            try {
                return directory ? Files.createDirectory(path) : Files.createFile(path);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // try another random part
            }
        }
    }

    /** The pid in such a name: the number before the last {@code -}. */
    static Optional<Long> ownerPid(String name) {
        int last = name.lastIndexOf('-');
        int before = name.lastIndexOf('-', last - 1);
        if (last < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name.substring(before + 1, last)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the process named in {@code name} is gone (a name without a pid counts as gone). */
    static boolean ownerIsDead(String name) {
        return ownerPid(name).flatMap(ProcessHandle::of).map(p -> !p.isAlive()).orElse(true);
    }
}
