package dev.stevedore.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see the old content or the new, never a part: write a temp
 * file in the store's {@code tmp/}, fsync it, rename it over the target, fsync the directory.
 */
final class AtomicFiles {

    private AtomicFiles() {}

    static void write(Path target, byte[] content, Path tmpDir) throws IOException {
        Path temp = TempFiles.create(tmpDir, "file");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            moveInto(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames {@code temp} to {@code target} atomically (same file system) and syncs the directory. */
    static void moveInto(Path temp, Path target) throws IOException {
        StorePrivacy.createPrivateDirectories(target.getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("tmp/ and " + target.getParent() + " must be on one file system", e);
        }
        syncDirectory(target.getParent());
    }

    /** Makes a rename durable; some file systems refuse to open directories, which is then moot. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Best effort: the rename itself is already atomic.
        }
    }
}
