package dev.stevedore.store;

import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which blob holds an uncompressed layer blob compressed one way, remembered in
 * {@code forms/<compression>/<alg>/<hex of the uncompressed blob>} (the file holds the compressed
 * blob's digest). Layers are stored as written, uncompressed; a push or an export asks for a
 * compressed form, which is made once and found here afterwards.
 *
 * <p>A record is a hint, never trusted alone: it counts only while both blobs exist, and the
 * compressed blob is named by its own digest, so a torn or stale record costs one compression
 * again, never a wrong blob. Prune keeps the compressed forms of the blobs it keeps, and removes
 * the records whose blobs it removed; fsck reports (and with repair removes) records whose blobs are gone.
 */
public final class CompressedForms {

    /** How a compression is named in the records: {@code gzip}, {@code zstd}. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,16}");

    /** A record: the uncompressed blob, the compression's name, the compressed blob (empty when the record is torn). */
    record Form(Digest uncompressed, String compression, Optional<Digest> compressed) {}

    private final StoreLayout layout;
    private final BlobStore blobs;

    CompressedForms(StoreLayout layout, BlobStore blobs) {
        this.layout = layout;
        this.blobs = blobs;
    }

    /** The blob holding {@code uncompressed} compressed by {@code compression}, if one was made and is still there. */
    public Optional<Digest> find(Digest uncompressed, String compression) {
        return read(file(uncompressed, compression)).filter(d -> blobs.exists(uncompressed) && blobs.exists(d));
    }

    /**
     * What {@code layer} weighs compressed, as a push or an export sends it: its own size when its
     * blob is compressed (a pulled layer), else the size of its gzip form (what a push makes by
     * default), else of its zstd form; empty while no compressed form was made (a layer built
     * here, not pushed or exported yet: layers are stored uncompressed).
     */
    public OptionalLong compressedSize(Descriptor layer) {
        String type = layer.mediaType();
        if (type.equals(MediaType.OCI_LAYER_GZIP) || type.equals(MediaType.DOCKER_LAYER_GZIP)
                || type.equals(MediaType.OCI_LAYER_ZSTD)) {
            return OptionalLong.of(layer.size());
        }
        for (String compression : List.of("gzip", "zstd")) {
            Optional<Digest> form = find(layer.digest(), compression);
            if (form.isPresent()) {
                return OptionalLong.of(blobs.size(form.get()));
            }
        }
        return OptionalLong.empty();
    }

    /** Remembers that {@code compressed} holds {@code uncompressed} compressed by {@code compression}. */
    public void put(Digest uncompressed, String compression, Digest compressed) {
        Path file = file(uncompressed, compression);
        try {
            // unsynced: the blob itself is durable, and a record lost in a power cut costs one compression again
            AtomicFiles.write(file, compressed.toString().getBytes(StandardCharsets.US_ASCII), layout.tmp(),
                    AtomicFiles.Durability.NONE);
        } catch (IOException e) {
            throw new InternalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every record, readable or not. */
    List<Form> all() {
        List<Form> forms = new ArrayList<>();
        for (Path file : files()) {
            Path alg = file.getParent();
            String compression = alg.getParent().getFileName().toString();
            try {
                Digest uncompressed = Digest.parse(alg.getFileName() + ":" + file.getFileName());
                forms.add(new Form(uncompressed, compression, read(file)));
            } catch (RuntimeException e) {
                // not a record of ours (a stray file): nothing refers to it, prune leaves it, fsck ignores it
            }
        }
        return forms;
    }

    /** The compressed forms of {@code kept}: what prune keeps beside them. */
    List<Digest> formsOf(Collection<Digest> kept) {
        return all().stream().filter(f -> kept.contains(f.uncompressed()))
                .flatMap(f -> f.compressed().stream()).toList();
    }

    /**
     * The records that no longer hold: torn, or naming a blob that is gone or in {@code corrupt}
     * (which fsck is about to remove).
     */
    List<Form> stale(Collection<Digest> corrupt) {
        return all().stream().filter(f -> f.compressed().isEmpty() || !blobs.exists(f.uncompressed())
                || !blobs.exists(f.compressed().get()) || corrupt.contains(f.uncompressed())
                || corrupt.contains(f.compressed().get())).toList();
    }

    /** Forgets one record. */
    void forget(Form form) throws IOException {
        Files.deleteIfExists(file(form.uncompressed(), form.compression()));
    }

    private Optional<Digest> read(Path file) {
        try {
            return Optional.of(Digest.parse(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | RuntimeException e) {
            // never made (no file), or torn: compress again
            return Optional.empty();
        }
    }

    private List<Path> files() {
        Path root = layout.forms();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, 3)) {
            return walk.filter(p -> root.relativize(p).getNameCount() == 3 && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private Path file(Digest uncompressed, String compression) {
        if (!NAME.matcher(compression).matches()) {
            throw new IllegalArgumentException("compression name " + compression);
        }
        return layout.forms().resolve(compression).resolve(uncompressed.algorithm()).resolve(uncompressed.hex());
    }
}
