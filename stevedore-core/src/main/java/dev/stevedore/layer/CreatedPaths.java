package dev.stevedore.layer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The paths a layer created while it is applied onto a plain directory, remembered as 64-bit
 * fingerprints in an open-addressing table: about 16 bytes a path instead of the 130 or so of a
 * {@code Set<Path>}, so flattening a layer of a million files needs about 16 MB. The
 * fingerprint is the start of the path's sha256, so a hostile layer cannot choose names that
 * collide; two paths sharing a fingerprint by chance (one in 2^64 per pair) would only keep a
 * lower layer's file an opaque whiteout should have hidden. Paths are only ever added: a created
 * path deleted later no longer exists, so whether it is still remembered never matters.
 */
final class CreatedPaths {

    private static final int INITIAL_SLOTS = 1 << 10;

    private final MessageDigest sha256;
    private long[] slots = new long[INITIAL_SLOTS];
    private int size;

    CreatedPaths() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    void add(Path path) {
        if (insert(slots, fingerprint(path))) {
            size++;
            if (size * 2 > slots.length) {
                grow();
            }
        }
    }

    boolean contains(Path path) {
        long f = fingerprint(path);
        for (int i = index(f, slots.length); slots[i] != 0; i = (i + 1) & (slots.length - 1)) {
            if (slots[i] == f) {
                return true;
            }
        }
        return false;
    }

    /** 0 marks an empty slot, so no fingerprint is 0. */
    private long fingerprint(Path path) {
        byte[] d = sha256.digest(path.toString().getBytes(StandardCharsets.UTF_8));
        long f = 0;
        for (int i = 0; i < 8; i++) {
            f = f << 8 | (d[i] & 0xff);
        }
        return f == 0 ? 1 : f;
    }

    private static int index(long fingerprint, int length) {
        return (int) (fingerprint ^ fingerprint >>> 32) & (length - 1);
    }

    /** @return whether the fingerprint was new */
    private static boolean insert(long[] table, long f) {
        int i = index(f, table.length);
        for (; table[i] != 0; i = (i + 1) & (table.length - 1)) {
            if (table[i] == f) {
                return false;
            }
        }
        table[i] = f;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long f : slots) {
            if (f != 0) {
                insert(bigger, f);
            }
        }
        slots = bigger;
    }
}
