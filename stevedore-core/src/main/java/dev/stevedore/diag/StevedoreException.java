package dev.stevedore.diag;

import java.util.Optional;

/**
 * The one family of errors Stevedore raises on purpose. Every message is a sentence a user can
 * act on; context is added as the error crosses layers ({@code pulling alpine: registry ...}).
 * Front ends print {@link #getMessage()} and never a stack trace (unless asked to debug).
 */
public abstract sealed class StevedoreException extends RuntimeException
        permits InvalidInputException, NotFoundException, UnauthorizedException,
                UnavailableException, ConflictException, InternalException {

    private final Diagnostic diagnostic;

    protected StevedoreException(String message, Throwable cause) {
        super(message, cause);
        this.diagnostic = null;
    }

    protected StevedoreException(Diagnostic diagnostic, Throwable cause) {
        super(diagnostic.format(), cause);
        this.diagnostic = diagnostic;
    }

    public abstract ErrorCategory category();

    /** Where in the user's input the problem is, when it is in a file we read. */
    public Optional<Diagnostic> diagnostic() {
        return Optional.ofNullable(diagnostic);
    }
}
