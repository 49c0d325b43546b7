package dev.stevedore.diag;

/** An error of category {@link ErrorCategory#UNAVAILABLE}. */
public final class UnavailableException extends StevedoreException {

    public UnavailableException(String message) {
        super(message, null);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnavailableException(Diagnostic diagnostic) {
        super(diagnostic, null);
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.UNAVAILABLE;
    }
}
