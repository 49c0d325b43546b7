package dev.stevedore.api.images;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.output.Uncompressed;
import dev.stevedore.store.Blob;
import dev.stevedore.store.BlobWriter;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * {@code docker import}: a root file system becomes a one-layer image. A directory is written
 * as a reproducible layer; a tar is kept member for member (as Docker keeps it), only
 * recompressed with gzip. Blobs are protected by a lease until the tag is set, so a prune
 * running meanwhile cannot take them; a failed import leaves no tag. An import without a name
 * is kept as an untagged image.
 */
final class Importer {

    private final Store store;
    private final Clock clock;

    Importer(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    ImportResult run(ImportRequest request) throws IOException {
        Instant created = request.created().orElseGet(clock::instant);
        try (Lease lease = store.lease()) {
            Layer layer = writeLayer(request, lease);
            String comment = request.message().isEmpty()
                    ? "Imported from " + request.source().describe() : request.message();
            ImageConfig config = ImageConfig.scratch(request.platform().orElseGet(Platform::host))
                    .withCreated(created)
                    .withLayer(layer.diffId(), new History(Optional.of(created), "stevedore import", "", comment,
                            false));
            config = ConfigChanges.apply(config, request.changes());
            Parsed<ImageConfig> configJson = OciJson.serialize(config);
            store.blobs().put(configJson.raw(), configJson.digest(), lease);
            ImageManifest manifest = ImageManifest.oci(OciJson.configDescriptor(configJson, false),
                    List.of(layer.descriptor()));
            Parsed<?> manifestJson = OciJson.serialize(manifest);
            store.blobs().put(manifestJson.raw(), manifestJson.digest(), lease);
            Descriptor descriptor = new Descriptor(MediaType.OCI_MANIFEST, manifestJson.digest(), manifestJson.size());
            request.name().ifPresentOrElse(name -> store.tags().tag(name.withDefaultTag().toString(), descriptor),
                    () -> store.tags().keepUntagged(descriptor));
            return new ImportResult(configJson.digest(), manifestJson.digest(),
                    request.name().map(n -> n.withDefaultTag()));
        }
    }

    private Layer writeLayer(ImportRequest request, Lease lease) throws IOException {
        // an imported layer is gzip, as docker import makes it (builds keep theirs uncompressed)
        LayerOptions gzip = LayerOptions.defaults().withCompression(dev.stevedore.oci.Compression.GZIP);
        LayerOptions options = request.created().map(gzip::withSourceDateEpoch).orElse(gzip);
        return switch (request.source()) {
            case ImportRequest.FromStream s -> fromTar(s.in(), "standard input", lease);
            case ImportRequest.FromPath p -> {
                Path path = p.path();
                if (Files.isDirectory(path)) {
                    yield fromDirectory(path, options, lease);
                }
                if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NotFoundException("import source " + path + " does not exist");
                }
                try (InputStream in = Files.newInputStream(path)) {
                    yield fromTar(in, path.toString(), lease);
                } catch (NoSuchFileException e) {
                    throw new NotFoundException("import source " + path + " does not exist", e);
                }
            }
        };
    }

    private Layer fromDirectory(Path dir, LayerOptions options, Lease lease) throws IOException {
        try (BlobWriter writer = store.blobs().writer(lease)) {
            Layer layer = LayerWriter.writeTree(dir, writer.stream(), options);
            writer.commit(layer.size(), layer.digest());
            return layer;
        }
    }

    /** Copies the tar, checked to be one, into a gzip blob; the diff id is the tar's digest. */
    private Layer fromTar(InputStream source, String name, Lease lease) throws IOException {
        try (InputStream tar = Uncompressed.open(source, name); BlobWriter writer = store.blobs().writer(lease)) {
            byte[] first = tar.readNBytes(512);
            TarCheck.requireTarHeader(first, name);
            MessageDigest diff = Digest.newSha256();
            long size;
            try (OutputStream gzip = new GZIPOutputStream(writer.stream(), 1 << 16);
                 DigestOutputStream out = new DigestOutputStream(gzip, diff)) {
                out.write(first);
                size = first.length + tar.transferTo(out);
            }
            Blob blob = writer.commit();
            return new Layer(Digest.of(Digest.SHA256, diff), blob.digest(), blob.size(), size,
                    MediaType.OCI_LAYER_GZIP);
        }
    }

    /** Refuses what is not a tar before anything is stored. */
    static final class TarCheck {
        private TarCheck() {}

        static void requireTarHeader(byte[] block, String name) {
            if (block.length < 512) {
                throw new InvalidInputException(name + " is not a tar archive: it is shorter than one tar header");
            }
            long stored = 0;
            long computed = 0;
            boolean allZero = true;
            for (int i = 0; i < 512; i++) {
                int b = block[i] & 0xff;
                allZero &= b == 0;
                computed += i >= 148 && i < 156 ? ' ' : b;
            }
            if (allZero) {
                return;
            }
            String field = new String(block, 148, 8, java.nio.charset.StandardCharsets.US_ASCII).trim();
            field = field.replace("\0", "").trim();
            try {
                stored = Long.parseLong(field, 8);
            } catch (NumberFormatException e) {
                stored = -1;
            }
            if (stored != computed) {
                throw new InvalidInputException(name + " is not a tar archive (its first header's checksum is wrong)");
            }
        }
    }
}
