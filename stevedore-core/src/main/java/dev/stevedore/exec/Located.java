package dev.stevedore.exec;

import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.diag.UnauthorizedException;
import dev.stevedore.diag.UnavailableException;

/** Adds the Dockerfile line to an error raised away from it (a registry's answer to a pull), keeping its category. */
final class Located {

    private Located() {}

    /** {@code e} with the position of the instruction that caused it; unchanged when it has one already. */
    static StevedoreException at(StevedoreException e, String file, SourceRange range) {
        if (e.diagnostic().isPresent()) {
            return e;
        }
        Diagnostic d = Diagnostic.error(file, range, e.getMessage());
        StevedoreException located = switch (e) {
            case InvalidInputException x -> new InvalidInputException(d);
            case NotFoundException x -> new NotFoundException(d);
            case UnauthorizedException x -> new UnauthorizedException(d);
            case UnavailableException x -> new UnavailableException(d);
            case ConflictException x -> new ConflictException(d);
            case InternalException x -> new InternalException(d);
        };
        // the original keeps its trace (and cause) for --debug
        located.addSuppressed(e);
        return located;
    }
}
