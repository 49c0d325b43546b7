package dev.stevedore.snapshot;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.layer.LayerApplier;
import dev.stevedore.layer.Whiteouts;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Extracts one layer blob from the store into a directory, with overlay whiteouts, and checks
 * both digests on the way: the blob's (the bytes read are the bytes the manifest names) and the
 * diffID (the tar inside is the one the image config names).
 */
final class Extraction {

    private Extraction() {}

    /**
     * @throws InvalidInputException naming the blob when it is corrupt, truncated, hostile or not
     *                               the layer {@code diffId} names
     */
    static void extract(BlobStore blobs, Descriptor blob, Digest diffId, Path target) {
        MessageDigest md = messageDigest(blob.digest());
        Digest actualDiffId;
        try (InputStream raw = blobs.open(blob.digest()); DigestInputStream in = new DigestInputStream(raw, md)) {
            actualDiffId = LayerApplier.apply(in, target, Whiteouts.OVERLAY);
            in.transferTo(OutputStream.nullOutputStream()); // the compression's trailer, or padding
        } catch (IOException e) {
            throw new InvalidInputException("cannot extract layer " + blob.digest() + ": " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("cannot extract layer " + blob.digest() + ": " + e.getMessage(), e);
        }
        Digest actual = new Digest(blob.digest().algorithm(), HexFormat.of().formatHex(md.digest()));
        if (!actual.equals(blob.digest())) {
            throw new InvalidInputException("layer blob " + blob.digest() + " is corrupt: its content has digest "
                    + actual);
        }
        if (!actualDiffId.equals(diffId)) {
            throw new InvalidInputException("layer " + blob.digest() + " has diffID " + actualDiffId
                    + ", but the image config says " + diffId);
        }
    }

    private static MessageDigest messageDigest(Digest digest) {
        try {
            return MessageDigest.getInstance(digest.algorithm().equals(Digest.SHA512) ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256 and SHA-512", e);
        }
    }
}
