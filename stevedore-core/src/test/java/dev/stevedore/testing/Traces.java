package dev.stevedore.testing;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Looks for a secret's bytes everywhere a build may have put them: every regular file under a
 * directory (blobs, cache records, snapshots, index files), each read as it is and, when it is a
 * gzip or zstd stream (a layer), decompressed too. Symlinks are not followed.
 */
public final class Traces {

    private static final int GZIP_MAGIC = 0x8b1f;
    private static final int ZSTD_MAGIC = 0xFD2FB528;

    private Traces() {}

    /** The files under {@code root} whose bytes or decompressed bytes hold {@code secret}. */
    public static List<Path> filesHolding(Path root, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (contains(bytes, needle) || contains(decompressed(bytes), needle)) {
                    holding.add(f);
                }
            }
        }
        return holding;
    }

    /** How many files {@link #filesHolding} would read under {@code root}: proof that a scan looked at something. */
    public static long count(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).count();
        }
    }

    /** {@code bytes} decompressed when they are a gzip or zstd stream, else as they are (an uncompressed layer). */
    public static byte[] tar(byte[] bytes) {
        byte[] decompressed = decompressed(bytes);
        return decompressed.length == 0 ? bytes : decompressed;
    }

    /** {@code bytes} decompressed when they are a gzip or zstd stream, else nothing. */
    public static byte[] decompressed(byte[] bytes) {
        if (bytes.length < 4) {
            return new byte[0];
        }
        int two = (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8;
        int four = two | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 24;
        try (InputStream in = two == GZIP_MAGIC ? new GZIPInputStream(new ByteArrayInputStream(bytes))
                : four == ZSTD_MAGIC ? new ZstdInputStream(new ByteArrayInputStream(bytes)) : null) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    public static boolean contains(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
