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
 * file in the store's {@code tmp/}, rename it over the target. A killed process never leaves a
 * part visible whatever the {@link Durability}; it says what survives a power loss too.
 */
final class AtomicFiles {

    /**
     * What a write costs in fsyncs, and so what survives a power loss. Choose the least that
     * keeps the store's promise: a file whose loss or emptiness after a reboot is harmless needs none.
     */
    enum Durability {
        /** Content and rename synced (two fsyncs): the file is whole and there after a power loss. */
        DURABLE,
        /** Content synced, the rename not (one fsync): after a power loss the file is whole or the old one. */
        WHOLE_IF_PRESENT,
        /**
         * Nothing synced: for files meaningless after a reboot (a lease names a process that is gone)
         * or that readers check anyway (an unreadable cache record is a miss).
         */
        NONE
    }

    private AtomicFiles() {}

    static void write(Path target, byte[] content, Path tmpDir) throws IOException {
        write(target, content, tmpDir, Durability.DURABLE);
    }

    static void write(Path target, byte[] content, Path tmpDir, Durability durability) throws IOException {
        Path temp = TempFiles.create(tmpDir, "file");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                if (durability != Durability.NONE) {
                    ch.force(true);
                }
            }
            rename(temp, target);
            if (durability == Durability.DURABLE) {
                syncDirectory(target.getParent());
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames {@code temp} to {@code target} atomically (same file system) and syncs the directory. */
    static void moveInto(Path temp, Path target) throws IOException {
        rename(temp, target);
        syncDirectory(target.getParent());
    }

    private static void rename(Path temp, Path target) throws IOException {
        StorePrivacy.createPrivateDirectories(target.getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("tmp/ and " + target.getParent() + " must be on one file system", e);
        }
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
