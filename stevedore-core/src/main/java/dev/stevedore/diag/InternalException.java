package dev.stevedore.diag;

/** An error of category {@link ErrorCategory#INTERNAL}. */
public final class InternalException extends StevedoreException {

    public InternalException(String message) {
        super(message, null);
    }

    public InternalException(String message, Throwable cause) {
        super(message, cause);
    }

    public InternalException(Diagnostic diagnostic) {
        super(diagnostic, null);
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.INTERNAL;
    }
}
