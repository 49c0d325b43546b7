package dev.stevedore.diag;

/** An error of category {@link ErrorCategory#INVALID_INPUT}. */
public final class InvalidInputException extends StevedoreException {

    public InvalidInputException(String message) {
        super(message, null);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidInputException(Diagnostic diagnostic) {
        super(diagnostic, null);
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.INVALID_INPUT;
    }
}
