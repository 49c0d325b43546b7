package dev.stevedore.diag;

/** An error of category {@link ErrorCategory#CONFLICT}. */
public final class ConflictException extends StevedoreException {

    public ConflictException(String message) {
        super(message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConflictException(Diagnostic diagnostic) {
        super(diagnostic, null);
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.CONFLICT;
    }
}
