package dev.stevedore.snapshot;

import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mounts an overlay with fuse-overlayfs, where the kernel's overlayfs is refused (an old kernel
 * in a user namespace, a file system overlay cannot stack on). The command forks a daemon and
 * returns once the mount is there; unmounting (as for overlayfs: {@code umount2}) ends the daemon.
 * It reads and writes the same whiteouts as overlayfs (0/0 character devices, the opaque xattr).
 */
final class FuseOverlay {

    private static final long MOUNT_TIMEOUT_SECONDS = 60;

    private FuseOverlay() {}

    static void mount(OverlayOptions options, Path target) {
        // allow_other: a RUN as another user than the mounting one (USER nobody) must see its root
        List<String> argv = List.of("fuse-overlayfs", "-o", options.fuseText() + ",allow_other", target.toString());
        Path err = null;
        try {
            err = Files.createTempFile(target.getParent(), "fuse-", ".err");
            // never a pipe: the daemon inherits the descriptors and keeps them open for as long as the mount lives
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            if (!p.waitFor(MOUNT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UnavailableException("cannot mount with fuse-overlayfs on " + target + ": it did not answer in "
                        + MOUNT_TIMEOUT_SECONDS + " seconds");
            }
            if (p.exitValue() != 0) {
                throw new UnavailableException("cannot mount with fuse-overlayfs on " + target + ": "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot run fuse-overlayfs (is Debian's package fuse-overlayfs installed?): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while fuse-overlayfs mounted " + target, e);
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException e) {
                    // in the mount's own directory: removed with it
                }
            }
        }
    }
}
