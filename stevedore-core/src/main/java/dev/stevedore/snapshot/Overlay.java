package dev.stevedore.snapshot;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.linux.ErrnoException;
import dev.stevedore.linux.Mounts;
import java.io.IOException;
import java.nio.file.Path;

/** Makes the overlay mount itself, turning the kernel's refusals into sentences. */
final class Overlay {

    private Overlay() {}

    static void mount(OverlayOptions options, Path target) {
        long flags = options.readOnly() ? Mounts.MS_RDONLY : 0;
        try {
            Mounts.mount("overlay", target, "overlay", flags, options.text());
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.EPERM) {
                throw new UnavailableException("cannot mount an overlay on " + target
                        + ": permission denied (snapshots need root)", e);
            }
            throw new InternalException("cannot mount an overlay of " + options.lowersTopFirst().size()
                    + " layers on " + target + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InternalException("cannot mount an overlay on " + target + ": " + e.getMessage(), e);
        }
    }
}
