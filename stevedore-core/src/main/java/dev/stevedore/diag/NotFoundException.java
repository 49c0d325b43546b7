package dev.stevedore.diag;

/** An error of category {@link ErrorCategory#NOT_FOUND}. */
public final class NotFoundException extends StevedoreException {

    public NotFoundException(String message) {
        super(message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    public NotFoundException(Diagnostic diagnostic) {
        super(diagnostic, null);
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.NOT_FOUND;
    }
}
