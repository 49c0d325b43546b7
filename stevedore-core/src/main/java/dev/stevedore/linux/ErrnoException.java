package dev.stevedore.linux;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A failed system call: names the call, the path (and what else it was given, e.g. an xattr
 * name) and the {@code errno}, so callers can branch on {@link #errno()} and users read
 * {@code lsetxattr /a/b (trusted.overlay.opaque): Operation not permitted (errno 1)}.
 */
public final class ErrnoException extends IOException {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;

    private final String call;
    private final transient Path path;
    private final int errno;

    ErrnoException(String call, Path path, String detail, int errno, String description) {
        super(call + " " + path + (detail.isEmpty() ? "" : " (" + detail + ")") + ": "
                + description + " (errno " + errno + ")");
        this.call = call;
        this.path = path;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public Path path() {
        return path;
    }

    public int errno() {
        return errno;
    }
}
