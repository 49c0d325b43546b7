package dev.stevedore.layer;

import dev.stevedore.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Digests every byte that passes, skipped ones included ({@link java.security.DigestInputStream}
 * lets {@code skip} bypass the digest, which would make a diffID depend on what was skipped).
 */
final class DigestingInputStream extends FilterInputStream {

    private final MessageDigest sha256 = Digest.newSha256();
    private final byte[] skipBuffer = new byte[8192];

    DigestingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            sha256.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            sha256.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        int read = read(skipBuffer, 0, (int) Math.min(n, skipBuffer.length));
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    Digest digest() {
        return Digest.of("sha256", sha256);
    }
}
