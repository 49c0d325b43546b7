package dev.stevedore.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Temp files under {@code tmp/}, named {@code <kind>-<pid>-<uuid>} so fsck and prune can tell a
 * live writer's file from one a dead process left behind.
 */
final class TempFiles {

    private TempFiles() {}

    static Path create(Path tmpDir, String kind) throws IOException {
        StorePrivacy.createPrivateDirectories(tmpDir);
        Path temp = tmpDir.resolve(kind + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        return Files.createFile(temp, StorePrivacy.PRIVATE_FILE);
    }

    /** The pid in a temp file's name, if it has our naming. */
    static Optional<Long> ownerPid(Path temp) {
        String[] parts = temp.getFileName().toString().split("-", 3);
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(parts[1]));
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
