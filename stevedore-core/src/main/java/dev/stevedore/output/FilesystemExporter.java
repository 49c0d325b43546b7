package dev.stevedore.output;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.oci.Compression;
import dev.stevedore.layer.LayerApplier;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.layer.Whiteouts;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The image's file system, as {@code type=local} (files in a directory) and {@code type=tar}
 * (one tar) write it: every layer applied in order onto a plain directory, whiteouts deleting
 * what they name, so neither output holds a {@code .wh.} file.
 */
public final class FilesystemExporter {

    private FilesystemExporter() {}

    /**
     * Applies the image's layers into {@code dest}, which must not exist or be an empty directory.
     *
     * @throws InvalidInputException when {@code dest} is a file or a directory that is not empty
     */
    public static void unpack(StoredImage image, Path dest) throws IOException {
        if (Files.exists(dest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException("output destination " + dest + " is not a directory");
            }
            try (var entries = Files.list(dest)) {
                if (entries.findAny().isPresent()) {
                    throw new InvalidInputException("output directory " + dest + " is not empty");
                }
            }
        }
        Files.createDirectories(dest);
        List<Descriptor> layers = image.manifest().value().layers();
        List<Digest> diffIds = image.config().value().rootfs().diffIds();
        for (int i = 0; i < layers.size(); i++) {
            Digest blob = layers.get(i).digest();
            Digest diffId;
            try (InputStream in = image.store().blobs().open(blob)) {
                diffId = LayerApplier.apply(in, dest, Whiteouts.DELETE);
            }
            if (!diffId.equals(diffIds.get(i))) {
                throw new InternalException("layer " + blob + " of image " + image.id() + " has diff id " + diffId
                        + ", its config names " + diffIds.get(i));
            }
        }
    }

    /**
     * Writes the image's file system to {@code out} as one uncompressed tar, unpacked first
     * into a staging directory of the store that is removed afterwards.
     */
    public static void writeTar(StoredImage image, OutputStream out) throws IOException {
        Path dir = image.store().stagingDirectory("rootfs");
        try {
            Path root = dir.resolve("rootfs");
            unpack(image, root);
            LayerWriter.writeTree(root, out, LayerOptions.defaults().withCompression(Compression.NONE));
        } finally {
            FileTrees.delete(dir);
        }
    }

}
