package dev.stevedore.output;

import dev.stevedore.archive.StreamCompression;
import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a tar whatever its compression, recognized by its first bytes, as layers and archives
 * are mislabelled in the wild. A broken compressed stream is the input's fault: reading it throws
 * an {@link InvalidInputException} naming {@code what}.
 */
public final class Uncompressed {

    private Uncompressed() {}

    /**
     * The uncompressed bytes of {@code in}.
     *
     * @param what names the input in error messages, e.g. {@code archive image.tar}
     */
    public static InputStream open(InputStream in, String what) throws IOException {
        return StreamCompression.open(in, kind -> "the " + kind + " stream of " + what);
    }
}
