package dev.stevedore.diag;

/** An error of category {@link ErrorCategory#UNAUTHORIZED}. */
public final class UnauthorizedException extends StevedoreException {

    public UnauthorizedException(String message) {
        super(message, null);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnauthorizedException(Diagnostic diagnostic) {
        super(diagnostic, null);
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.UNAUTHORIZED;
    }
}
