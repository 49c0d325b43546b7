package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, as the OCI image spec defines it. Only the
 * registered algorithms {@code sha256} and {@code sha512} are accepted, with lower-case hex of
 * the right length.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

    private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> throw new InvalidInputException(
                    "invalid digest \"" + algorithm + ":" + hex + "\": unsupported algorithm " + algorithm);
        };
        if (hex.length() != length || !HEX.matcher(hex).matches()) {
            throw new InvalidInputException("invalid digest \"" + algorithm + ":" + hex + "\": "
                    + algorithm + " needs " + length + " lower-case hex characters");
        }
    }

    /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidInputException("invalid digest \"" + text + "\": expected algorithm:hex");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
    }

    /** A fresh SHA-256 {@link MessageDigest}, for digesting while streaming. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    /** The digest of what {@code md} has seen, labelled with {@code algorithm}. */
    public static Digest of(String algorithm, MessageDigest md) {
        return new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
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
}
