package dev.stevedore.store;

import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How many bytes each layer blob holds once unpacked (its files' bytes: what Docker counts as
 * an image's size), remembered per blob in {@code sizes/<alg>/<hex>}. Measuring a layer means
 * decompressing all of it, so each is measured once. A size belongs to the blob's content, so it
 * never goes stale; prune removes the sizes of the blobs it removes. A missing or unreadable
 * size is only measured again.
 */
public final class LayerSizes {

    private final StoreLayout layout;

    LayerSizes(StoreLayout layout) {
        this.layout = layout;
    }

    /** The remembered size of the layer {@code blob}, if it was measured. */
    public OptionalLong get(Digest blob) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file(blob), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            // never measured (no file), or a torn file: measure again
            return OptionalLong.empty();
        }
    }

    /** Remembers that the layer {@code blob} holds {@code bytes} once unpacked. */
    public void put(Digest blob, long bytes) {
        Path file = file(blob);
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, Long.toString(bytes).getBytes(StandardCharsets.US_ASCII), layout.tmp());
        } catch (IOException e) {
            throw new InternalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the size of a blob that is gone; called by prune. */
    void forget(Digest blob) throws IOException {
        Files.deleteIfExists(file(blob));
    }

    private Path file(Digest blob) {
        return layout.sizes().resolve(blob.algorithm()).resolve(blob.hex());
    }
}
