package dev.stevedore.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An uncompressed layer of very many empty members (a hostile base image's), written by
 * commons-compress and streamed to a file, so the test holds nothing per member: {@code d0/},
 * {@code d1/}, … each holding {@link #PER_DIRECTORY} empty files {@code file-N} (or empty
 * directories {@code dir-N/}).
 */
public final class ManyMembersTar {

    public static final int PER_DIRECTORY = 100_000;

    private ManyMembersTar() {}

    /** Writes {@code count} empty files (or directories) into the tar {@code file}. */
    public static void write(Path file, int count, boolean directories) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < count; i++) {
                if (i % PER_DIRECTORY == 0) {
                    TarArchiveEntry d = new TarArchiveEntry("d" + i / PER_DIRECTORY + "/");
                    d.setMode(040755);
                    tar.putArchiveEntry(d);
                    tar.closeArchiveEntry();
                }
                TarArchiveEntry e = directories ? new TarArchiveEntry("d" + i / PER_DIRECTORY + "/dir-" + i + "/")
                        : new TarArchiveEntry("d" + i / PER_DIRECTORY + "/file-" + i);
                e.setMode(directories ? 040755 : 0100644);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    /**
     * Removes what is in {@code dir} (not {@code dir} itself) with {@code rm -rf}: hundreds of
     * thousands of files go in seconds, where JUnit's removal of a temporary directory, a Java
     * walk, took minutes on the shared machine.
     */
    public static void remove(Path dir) throws IOException, InterruptedException {
        try (var children = Files.list(dir)) {
            List<String> command = new ArrayList<>(List.of("rm", "-rf", "--one-file-system", "--"));
            children.forEach(c -> command.add(c.toString()));
            int code = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (code != 0) {
                throw new IOException("rm -rf in " + dir + " exited with " + code);
            }
        }
    }
}
