package dev.stevedore.diag;

/**
 * What kind of failure an error is, so callers branch on the category and never on text.
 * Each category maps to a way a user can act on it.
 */
public enum ErrorCategory {
    /** The user's input is wrong: a Dockerfile, a flag, a reference. Fix the input. */
    INVALID_INPUT,
    /** Something named does not exist: an image, a stage, a file, a blob. */
    NOT_FOUND,
    /** A registry refused the credentials, or there were none. */
    UNAUTHORIZED,
    /** Something outside us failed or could not be reached; trying again may work. */
    UNAVAILABLE,
    /** The thing exists already or is in use. */
    CONFLICT,
    /** A bug in Stevedore, or a broken invariant of its store. */
    INTERNAL
}
