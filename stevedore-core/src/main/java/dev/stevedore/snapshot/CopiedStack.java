package dev.stevedore.snapshot;

import dev.stevedore.oci.Compression;
import dev.stevedore.layer.LayerApplier;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.OverlayDiffer;
import dev.stevedore.layer.Whiteouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The native snapshotter's "mount": the snapshots of a stack applied, bottom first, onto plain
 * directories, each snapshot as the layer it is (its overlay whiteouts delete what is below), so
 * that the copies hold what an overlay of the same stack shows. A writable stack gets two
 * copies: the step's root, and the untouched base its changes are found against.
 */
final class CopiedStack {

    private CopiedStack() {}

    static void copy(List<Path> lowersTopFirst, List<Path> targets, Path tmp) throws IOException {
        for (Path lower : lowersTopFirst.reversed()) {
            Path tar = TempNames.create(tmp, "copy", false);
            try {
                try (OutputStream out = Files.newOutputStream(tar)) {
                    OverlayDiffer.diff(lower, out, LayerOptions.defaults().withCompression(Compression.NONE));
                }
                for (Path target : targets) {
                    try (InputStream in = Files.newInputStream(tar)) {
                        LayerApplier.apply(in, target, Whiteouts.DELETE);
                    }
                }
            } finally {
                Files.deleteIfExists(tar);
            }
        }
    }
}
