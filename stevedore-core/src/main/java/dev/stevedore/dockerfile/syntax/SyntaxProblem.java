package dev.stevedore.dockerfile.syntax;

/**
 * A syntax error found while splitting one instruction, before its location is known. The
 * parse loop is the one place that attaches the file and line range (as BuildKit's
 * {@code withLocation} does) and turns it into an {@code InvalidInputException}; it never
 * leaves this package.
 */
final class SyntaxProblem extends RuntimeException {

    SyntaxProblem(String message) {
        super(message, null, false, false);
    }
}
