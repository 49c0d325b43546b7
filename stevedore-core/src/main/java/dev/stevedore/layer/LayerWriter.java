package dev.stevedore.layer;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarWriter;
import dev.stevedore.oci.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one layer blob to an {@link OutputStream} in a single pass: tar, compression, and the
 * diffID (of the tar) and digest (of the blob) computed on the way.
 *
 * <p>Lifecycle: {@link #open}, then {@link #add} / {@link #addWhiteout} in the order the
 * members must appear (parents before children), then {@link #finish}, which returns the
 * {@link Layer} and leaves {@code out} open (the caller owns it). {@link #writeTree} does it
 * all for a directory, in a deterministic order. Hard links within one writer are written as
 * links to the first name their inode was written under.
 */
public final class LayerWriter {

    private final LayerOptions options;
    private final DigestingOutputStream blob;
    private final OutputStream compressor;
    private final DigestingOutputStream tar;
    private final OutputStream buffered;
    private final TarWriter writer;
    private final Map<String, String> inodes = new HashMap<>();
    private boolean finished;

    private LayerWriter(OutputStream out, LayerOptions options) throws IOException {
        this.options = options;
        this.blob = new DigestingOutputStream(out);
        this.compressor = Compressors.open(options.compression(), blob);
        // uncompressed, the blob is the tar: one digest serves as both (SHA-256 of 500 MB costs a core ~0.3 s)
        this.tar = compressor == blob ? blob : new DigestingOutputStream(compressor);
        this.buffered = new BufferedOutputStream(tar, 64 * 1024);
        this.writer = new TarWriter(buffered);
    }

    public static LayerWriter open(OutputStream out, LayerOptions options) throws IOException {
        return new LayerWriter(out, options);
    }

    /** Writes the whole tree under {@code root} (not {@code root} itself), sorted by name. */
    public static Layer writeTree(Path root, OutputStream out, LayerOptions options) throws IOException {
        LayerWriter w = open(out, options);
        w.addChildren(root, "");
        return w.finish();
    }

    private void addChildren(Path dir, String prefix) throws IOException {
        for (Path child : sortedChildren(dir)) {
            String name = prefix + child.getFileName();
            SourceFile file = addFile(name, child);
            if (file.type() == SourceFile.S_IFDIR) {
                addChildren(child, name + "/");
            }
        }
    }

    /** The entries of {@code dir} sorted by name, so the same tree always gives the same tar. */
    static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return children;
    }

    /** Adds {@code file} (not followed if a symlink) as member {@code name}; sockets are skipped. */
    public void add(String name, Path file) throws IOException {
        addFile(name, file);
    }

    /** {@link #add}, returning what {@code lstat} said about the file. */
    SourceFile addFile(String name, Path file) throws IOException {
        SourceFile source = SourceFile.lstat(file);
        Optional<String> linkTo = Optional.empty();
        if (source.type() == SourceFile.S_IFREG && source.nlink() > 1) {
            linkTo = Optional.ofNullable(inodes.putIfAbsent(source.inode(), name));
        }
        Optional<TarEntry> entry = source.toEntry(name, linkTo, options);
        if (entry.isPresent()) {
            if (entry.get().type() == TarEntry.Type.FILE) {
                try (InputStream in = Files.newInputStream(file)) {
                    writer.write(entry.get(), in);
                }
            } else {
                writer.write(entry.get(), InputStream.nullInputStream());
            }
        }
        return source;
    }

    /**
     * Adds an empty member {@code name} (a {@code .wh.} whiteout or {@code .wh..wh..opq}
     * marker), with owner and mtime taken from {@code basis}.
     */
    public void addWhiteout(String name, Path basis) throws IOException {
        SourceFile source = SourceFile.lstat(basis);
        var options = this.options;
        writer.write(new TarEntry(name, TarEntry.Type.FILE, 0,
                options.owner().map(LayerOptions.Owner::uid).orElse(source.uid()),
                options.owner().map(LayerOptions.Owner::gid).orElse(source.gid()),
                0, options.mtime(source.mtime().toInstant()), "", 0, 0, Map.of()), InputStream.nullInputStream());
    }

    /** Ends the tar, flushes the compressor, and says what was written. */
    public Layer finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("finish() called twice");
        }
        finished = true;
        writer.finish();
        buffered.flush();
        if (compressor != blob) {
            compressor.close();
        }
        blob.flush();
        Digest blobDigest = blob.digest(); // digest() ends the hash: taken once, even when the tar is the blob
        return new Layer(tar == blob ? blobDigest : tar.digest(), blobDigest, blob.count(), tar.count(),
                options.compression().mediaType());
    }
}
