package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest, {@code algorithm:hex}, as the OCI image spec defines it. Only the
 * registered algorithms {@code sha256} and {@code sha512} are accepted, with lower-case hex of
 * the right length (64 and 128 characters).
 *
 * <p>Every malformed digest is an {@link InvalidInputException} whose message quotes it.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

    public static final String SHA256 = "sha256";
    public static final String SHA512 = "sha512";

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int length = switch (algorithm) {
            case SHA256 -> 64;
            case SHA512 -> 128;
            default -> throw new InvalidInputException("invalid digest \"" + algorithm + ":" + hex
                    + "\": unsupported algorithm \"" + algorithm + "\" (expected sha256 or sha512)");
        };
        if (hex.length() != length || !isLowerHex(hex)) {
            throw new InvalidInputException("invalid digest \"" + algorithm + ":" + hex + "\": "
                    + algorithm + " needs " + length + " lower-case hex characters");
        }
    }

    /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidInputException("invalid digest \"" + text + "\": expected algorithm:hex");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Whether {@link #parse} would accept {@code text}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return of(SHA256, bytes);
    }

    /** The sha512 digest of {@code bytes}. */
    public static Digest sha512(byte[] bytes) {
        return of(SHA512, bytes);
    }

    /** The digest of {@code bytes} with {@code algorithm} ({@code sha256} or {@code sha512}). */
    public static Digest of(String algorithm, byte[] bytes) {
        return fromSum(algorithm, newMessageDigest(algorithm).digest(bytes));
    }

    /** A fresh SHA-256 {@link MessageDigest}, for digesting while streaming. */
    public static MessageDigest newSha256() {
        return newMessageDigest(SHA256);
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    /** The digest of what {@code md} has seen, labelled with {@code algorithm}. */
    public static Digest of(String algorithm, MessageDigest md) {
        return fromSum(algorithm, md.digest());
    }

    /** Whether {@code bytes} have this digest. */
    public boolean matches(byte[] bytes) {
        return equals(of(algorithm, bytes));
    }

    /** The first 12 hex characters, as {@code docker images} shows image ids. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    private static Digest fromSum(String algorithm, byte[] sum) {
        return new Digest(algorithm, HexFormat.of().formatHex(sum));
    }

    private static MessageDigest newMessageDigest(String algorithm) {
        String jdkName = switch (algorithm) {
            case SHA256 -> "SHA-256";
            case SHA512 -> "SHA-512";
            default -> throw new InvalidInputException(
                    "unsupported digest algorithm \"" + algorithm + "\" (expected sha256 or sha512)");
        };
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + jdkName, e);
        }
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
