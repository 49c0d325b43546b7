package dev.stevedore.store;

/**
 * Whether a failed write means the store's file system is full ({@code ENOSPC}). The JDK has no
 * exception type for it: it reports the C library's words, {@code No space left on device},
 * as the message of a plain {@link java.io.IOException}, at times wrapped in another one.
 */
public final class NoSpace {

    /** {@code strerror(ENOSPC)} on Linux. */
    private static final String WORDS = "No space left on device";

    private NoSpace() {}

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(WORDS)) {
                return true;
            }
        }
        return false;
    }
}
