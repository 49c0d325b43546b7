package dev.stevedore.api.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.output.Uncompressed;
import dev.stevedore.store.Blob;
import dev.stevedore.store.ImageCheck;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docker load}: a docker archive ({@code manifest.json}, as {@code docker save} writes,
 * with or without Docker 25's OCI layout beside it) or an OCI archive ({@code index.json}),
 * gzip or not. Every blob is verified (against the digest its name or descriptor states, and
 * each layer against the diff id its config names) before any tag is set, under a lease so no
 * prune takes the blobs meanwhile: a failed load leaves no tag and no blob under a wrong digest.
 */
final class ArchiveLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256|sha512)/([0-9a-f]+)");
    private static final Pattern LEGACY_CONFIG = Pattern.compile("([0-9a-f]{64})\\.json");
    /** index.json → index → manifest → config and layers is 3; anything much deeper is hostile. */
    private static final int MAX_DEPTH = 8;

    private final Store store;

    ArchiveLoader(Store store) {
        this.store = store;
    }

    LoadResult load(InputStream in, String archiveName) throws IOException {
        Path dir = store.stagingDirectory("load");
        try (Lease lease = store.lease()) {
            ExtractedArchive archive = ExtractedArchive.extract(in, archiveName, dir);
            List<Pending> pending = archive.find("manifest.json").isPresent()
                    ? loadDocker(archive, lease) : loadOci(archive, lease);
            for (Pending p : pending) {
                try {
                    ImageCheck.requireTaggable(store.blobs(), p.manifest());
                } catch (InvalidInputException e) {
                    throw broken(archive, e.getMessage());
                }
            }
            List<LoadResult.Loaded> loaded = new ArrayList<>();
            for (Pending p : pending) {
                p.names().forEach(name -> store.tags().tag(name.toString(), p.manifest()));
                loaded.add(new LoadResult.Loaded(p.id(), p.names()));
            }
            return new LoadResult(loaded);
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** An image whose blobs are in the store, not yet tagged. */
    private record Pending(Digest id, Descriptor manifest, List<ImageReference> names) {}

    private List<Pending> loadDocker(ExtractedArchive archive, Lease lease) throws IOException {
        JsonNode entries = readJson(archive, "manifest.json");
        if (!entries.isArray()) {
            throw broken(archive, "manifest.json is not a JSON array");
        }
        List<Pending> result = new ArrayList<>();
        for (JsonNode entry : entries) {
            String configPath = text(archive, entry, "Config");
            byte[] configBytes = archive.read(configPath);
            Parsed<ImageConfig> config = OciJson.readConfig(configBytes, archive.name() + ":" + configPath);
            checkNamed(archive, configPath, config.digest());
            store.blobs().put(configBytes, config.digest(), lease);
            List<Descriptor> layers = loadLayers(archive, entry.path("Layers"), config.value(), lease);
            Descriptor manifest = storeManifest(ImageManifest.oci(
                    new Descriptor(MediaType.OCI_CONFIG, config.digest(), configBytes.length), layers), lease);
            List<ImageReference> names = new ArrayList<>();
            for (JsonNode tag : entry.path("RepoTags")) {
                names.add(parseName(archive, tag.asText()));
            }
            result.add(new Pending(config.digest(), manifest, names));
        }
        return result;
    }

    private List<Descriptor> loadLayers(ExtractedArchive archive, JsonNode paths, ImageConfig config, Lease lease)
            throws IOException {
        List<Digest> diffIds = config.rootfs().diffIds();
        if (!paths.isArray() || paths.size() != diffIds.size()) {
            throw broken(archive, "manifest.json lists " + paths.size() + " layers for an image config with "
                    + diffIds.size() + " diff ids");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            String path = paths.get(i).asText();
            Path file = archive.require(path);
            Digest diffId = diffIdOf(file, archive.name() + ":" + path);
            if (!diffId.equals(diffIds.get(i))) {
                throw broken(archive, "layer " + path + " has diff id " + diffId + " but the image config names "
                        + diffIds.get(i));
            }
            Blob blob;
            try (InputStream in = Files.newInputStream(file)) {
                blob = putVerified(archive, path, in, Files.size(file), expectedFromName(path), lease);
            }
            layers.add(new Descriptor(layerMediaType(file), blob.digest(), blob.size()));
        }
        return layers;
    }

    private List<Pending> loadOci(ExtractedArchive archive, Lease lease) throws IOException {
        if (archive.find("index.json").isEmpty()) {
            throw new InvalidInputException(archive.name()
                    + " is not an image archive: it has neither manifest.json (docker) nor index.json (OCI)");
        }
        Parsed<ImageIndex> index = OciJson.readIndex(archive.read("index.json"), archive.name() + ":index.json");
        List<Pending> result = new ArrayList<>();
        for (Descriptor entry : index.value().manifests()) {
            ingestClosure(archive, entry, lease);
            Optional<ImageReference> name = nameOf(archive, entry);
            result.add(new Pending(imageId(entry), new Descriptor(entry.mediaType(), entry.digest(), entry.size()), name.stream().toList()));
        }
        return result;
    }

    /**
     * Stores the blob {@code root} names and, for manifests and indexes, all they point to. Each
     * digest is read once however many indexes list it (a DAG of indexes each listing the next
     * twice made this exponential) and the walk is a loop bounded in depth, not a recursion (a
     * chain of 20,000 indexes overflowed the stack): hostile archives fail with a sentence.
     */
    private void ingestClosure(ExtractedArchive archive, Descriptor root, Lease lease) throws IOException {
        // an index's entry may be absent: an archive of an index pulled for one platform (the image-layout
        // spec lets a layout lack referenced blobs)
        record Visit(Descriptor descriptor, int depth, boolean mayBeAbsent) {}
        Set<Digest> seen = new HashSet<>();
        List<Descriptor> found = new ArrayList<>();
        Deque<Visit> queue = new ArrayDeque<>(List.of(new Visit(root, 0, false)));
        while (!queue.isEmpty()) {
            Visit visit = queue.poll();
            Descriptor descriptor = visit.descriptor();
            if (!seen.add(descriptor.digest())) {
                continue;
            }
            if (visit.depth() > MAX_DEPTH) {
                throw broken(archive, "its manifests and indexes nest deeper than " + MAX_DEPTH + " levels (at "
                        + descriptor.digest() + ")");
            }
            if (visit.mayBeAbsent() && archive.find(blobPath(descriptor)).isEmpty()) {
                continue;
            }
            found.add(descriptor);
            if (MediaType.isIndex(descriptor.mediaType()) || MediaType.isManifest(descriptor.mediaType())) {
                String path = blobPath(descriptor);
                Parsed<Manifest> manifest = OciJson.readManifest(Files.readAllBytes(archive.require(path)),
                        archive.name() + ":" + path);
                List<Descriptor> children = switch (manifest.value()) {
                    case ImageIndex idx -> idx.manifests();
                    case ImageManifest m -> Stream.concat(Stream.of(m.config()), m.layers().stream()).toList();
                };
                boolean index = manifest.value() instanceof ImageIndex;
                children.forEach(child -> queue.add(new Visit(child, visit.depth() + 1, index)));
            }
        }
        // Children were found after their first parent: store in reverse, blobs before what lists them.
        for (Descriptor descriptor : found.reversed()) {
            String path = blobPath(descriptor);
            try (InputStream in = Files.newInputStream(archive.require(path))) {
                putVerified(archive, path, in, descriptor.size(), descriptor.digest(), lease);
            }
        }
    }

    private static String blobPath(Descriptor descriptor) {
        return "blobs/" + descriptor.digest().algorithm() + "/" + descriptor.digest().hex();
    }

    private Digest imageId(Descriptor entry) {
        if (MediaType.isManifest(entry.mediaType())) {
            return OciJson.readImageManifest(store.blobs().read(entry.digest()), entry.digest().toString())
                    .value().config().digest();
        }
        return entry.digest();
    }

    private Descriptor storeManifest(ImageManifest manifest, Lease lease) {
        Parsed<Manifest> parsed = OciJson.serialize(manifest);
        store.blobs().put(parsed.raw(), parsed.digest(), lease);
        return OciJson.descriptor(parsed);
    }

    private Blob putVerified(ExtractedArchive archive, String path, InputStream in, long size, Digest expected,
            Lease lease) throws IOException {
        try (var writer = store.blobs().writer(lease)) {
            in.transferTo(writer.stream());
            return writer.commit(size, expected);
        } catch (InvalidInputException e) {
            throw broken(archive, "blob " + path + " does not match its descriptor: " + e.getMessage());
        }
    }

    /** The name docker load gives an OCI index entry: the containerd name, or a full ref name. */
    private static Optional<ImageReference> nameOf(ExtractedArchive archive, Descriptor entry) {
        String full = entry.annotations().get("io.containerd.image.name");
        if (full != null) {
            return Optional.of(parseName(archive, full));
        }
        String ref = entry.annotations().get(Descriptor.OCI_REF_NAME);
        if (ref != null && (ref.contains(":") || ref.contains("/"))) {
            return Optional.of(parseName(archive, ref));
        }
        return Optional.empty();
    }

    private static ImageReference parseName(ExtractedArchive archive, String name) {
        try {
            return ImageReference.parse(name).withDefaultTag();
        } catch (InvalidInputException e) {
            throw broken(archive, "it names an image \"" + name + "\": " + e.getMessage());
        }
    }

    /** The digest a member's name states, if it is a blob path or a legacy {@code <hex>.json}. */
    private static Digest expectedFromName(String path) {
        Matcher blob = BLOB_PATH.matcher(path);
        if (blob.matches() && Digest.isValid(blob.group(1) + ":" + blob.group(2))) {
            return Digest.parse(blob.group(1) + ":" + blob.group(2));
        }
        Matcher legacy = LEGACY_CONFIG.matcher(path);
        return legacy.matches() ? new Digest(Digest.SHA256, legacy.group(1)) : null;
    }

    private static void checkNamed(ExtractedArchive archive, String path, Digest actual) {
        Digest named = expectedFromName(path);
        if (named != null && !named.equals(actual)) {
            throw broken(archive, "blob " + path + " has digest " + actual + ", not the one its name states");
        }
    }

    private static Digest diffIdOf(Path file, String name) throws IOException {
        MessageDigest md = Digest.newSha256();
        try (InputStream in = Uncompressed.open(Files.newInputStream(file), name);
             OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            in.transferTo(sink);
        }
        return Digest.of(Digest.SHA256, md);
    }

    private static String layerMediaType(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        return dev.stevedore.layer.Compressors.detect(head, head.length).mediaType();
    }

    private static JsonNode readJson(ExtractedArchive archive, String name) throws IOException {
        try {
            return JSON.readTree(archive.read(name));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw broken(archive, name + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(ExtractedArchive archive, JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            throw broken(archive, "an entry of manifest.json has no " + field);
        }
        return value.asText();
    }

    private static InvalidInputException broken(ExtractedArchive archive, String detail) {
        return new InvalidInputException(archive.name() + " is a broken image archive: " + detail);
    }
}
