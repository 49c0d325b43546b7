package dev.stevedore.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temp files and staging directories under {@code tmp/}, named {@code <kind>-<pid>-<uuid>} so
 * fsck, prune and the next command can tell a live writer's file from one a dead process left
 * behind.
 */
final class TempFiles {

    /**
     * Our naming, strictly: a name {@code <kind>-<uuid>} (as older versions named staging
     * directories) never passes for {@code <kind>-<pid>-<rest>} whose first UUID group happens to
     * be all digits.
     */
    private static final Pattern NAME = Pattern.compile(
            "[a-z]+-([0-9]{1,19})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private TempFiles() {}

    static Path create(Path tmpDir, String kind) throws IOException {
        return Files.createFile(newName(tmpDir, kind), StorePrivacy.PRIVATE_FILE);
    }

    /** A new private (0700) directory of this process, removed when a later command finds its owner dead. */
    static Path createDirectory(Path tmpDir, String kind) throws IOException {
        return Files.createDirectory(newName(tmpDir, kind), StorePrivacy.PRIVATE_DIRECTORY);
    }

    private static Path newName(Path tmpDir, String kind) throws IOException {
        if (!kind.matches("[a-z]+")) {
            throw new IllegalArgumentException("a temp file's kind is lower-case letters: " + kind);
        }
        StorePrivacy.createPrivateDirectories(tmpDir);
        return tmpDir.resolve(kind + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    }

    /** The pid in a temp file's name, if it has our naming. */
    static Optional<Long> ownerPid(Path temp) {
        Matcher m = NAME.matcher(temp.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a temp file is named as ours and its writer is gone: what any process may remove
     * at start without asking, as no live writer (of any version) can own it.
     */
    static boolean isOfDeadProcess(Path temp) {
        return ownerPid(temp).map(pid -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .orElse(false);
    }

    /** Whether a temp file was left by a process that is gone (or is not ours at all). */
    static boolean isLeftover(Path temp) {
        return ownerPid(temp).map(pid -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .orElse(true);
    }
}
