package dev.stevedore.registry;

import dev.stevedore.diag.ErrorCategory;
import java.util.Locale;
import java.util.Optional;

/**
 * The error codes of the distribution spec (and Docker Hub's {@code TOOMANYREQUESTS}), each with
 * the words we show a user and the category callers branch on.
 */
public enum ErrorCode {
    BLOB_UNKNOWN("blob unknown to registry", ErrorCategory.NOT_FOUND),
    BLOB_UPLOAD_INVALID("blob upload invalid", ErrorCategory.INVALID_INPUT),
    BLOB_UPLOAD_UNKNOWN("blob upload unknown to registry", ErrorCategory.NOT_FOUND),
    DIGEST_INVALID("provided digest did not match uploaded content", ErrorCategory.INVALID_INPUT),
    MANIFEST_BLOB_UNKNOWN("manifest references a blob unknown to the registry", ErrorCategory.INVALID_INPUT),
    MANIFEST_INVALID("manifest invalid", ErrorCategory.INVALID_INPUT),
    MANIFEST_UNKNOWN("manifest unknown: no such tag or digest", ErrorCategory.NOT_FOUND),
    MANIFEST_UNVERIFIED("manifest failed signature verification", ErrorCategory.INVALID_INPUT),
    NAME_INVALID("invalid repository name", ErrorCategory.INVALID_INPUT),
    NAME_UNKNOWN("repository not found", ErrorCategory.NOT_FOUND),
    SIZE_INVALID("provided length did not match content length", ErrorCategory.INVALID_INPUT),
    TAG_INVALID("manifest tag did not match URI", ErrorCategory.INVALID_INPUT),
    UNAUTHORIZED("repository not found or access denied", ErrorCategory.UNAUTHORIZED),
    DENIED("requested access to the resource is denied", ErrorCategory.UNAUTHORIZED),
    UNSUPPORTED("the operation is unsupported", ErrorCategory.INVALID_INPUT),
    TOOMANYREQUESTS("too many requests", ErrorCategory.UNAVAILABLE),
    UNAVAILABLE("service unavailable", ErrorCategory.UNAVAILABLE);

    private final String words;
    private final ErrorCategory category;

    ErrorCode(String words, ErrorCategory category) {
        this.words = words;
        this.category = category;
    }

    /** What the code means, in the spec's words (as a user reads them). */
    public String words() {
        return words;
    }

    public ErrorCategory category() {
        return category;
    }

    /** The code named {@code text} ({@code "MANIFEST_UNKNOWN"}), when it is one we know. */
    public static Optional<ErrorCode> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The code a registry means by a bare HTTP status, for answers without an error body. */
    static Optional<ErrorCode> ofStatus(int status) {
        return switch (status) {
            case 401 -> Optional.of(UNAUTHORIZED);
            case 403 -> Optional.of(DENIED);
            case 429 -> Optional.of(TOOMANYREQUESTS);
            case 503 -> Optional.of(UNAVAILABLE);
            default -> Optional.empty();
        };
    }
}
