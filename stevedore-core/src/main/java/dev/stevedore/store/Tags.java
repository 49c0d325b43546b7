package dev.stevedore.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tagged images of the store: the entries of {@code oci/index.json}, named by the
 * annotation {@code org.opencontainers.image.ref.name}.
 *
 * <p>We name an image by its <em>full normalized reference</em>
 * ({@code docker.io/library/alpine:latest}). Other OCI tools address it by that same name:
 * {@code skopeo inspect oci:ROOT/oci:docker.io/library/alpine:latest} (skopeo splits the
 * layout path from the name at the first colon, so ROOT must not contain one), and
 * {@code umoci unpack --image ROOT/oci:docker.io/library/alpine:latest BUNDLE}.
 *
 * <p>An image without a name (a build without {@code -t}, an import without a name) is kept
 * as an entry without a ref name, annotated {@value #UNTAGGED}: Docker's dangling image
 * ({@code <none>:<none>}), addressable by its id until a prune removes it. Such entries are
 * plain descriptors to other OCI tools (skopeo and umoci only look entries up by ref name).
 * Tagging the image drops its untagged entry; the newest one is last in the index.
 *
 * <p>Updates take the store lock (threads and processes) and replace {@code index.json} by
 * temp + fsync + rename, so no concurrent update is lost and readers, which take no lock,
 * always see a whole file. Entries we did not write (no ref name, or unknown fields) are kept.
 */
public final class Tags {

    /** The OCI annotation that names an entry of {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** The annotation of an entry we keep for an image with no name (a dangling image). */
    public static final String UNTAGGED = "dev.stevedore.image.untagged";

    // The OCI image layout's grammar for ref.name: components of alphanumerics joined by
    // one of -._:@+ (or "--"), separated by "/".
    private static final Pattern REF = Pattern.compile(
            "[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*(?:/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*");

    private final StoreLayout layout;
    private final StoreLock lock;
    private final BlobStore blobs;

    Tags(StoreLayout layout, StoreLock lock, BlobStore blobs) {
        this.layout = layout;
        this.lock = lock;
        this.blobs = blobs;
    }

    /**
     * Points {@code name} at {@code descriptor}, replacing what it pointed at before.
     *
     * @throws InvalidInputException when the name breaks the OCI ref.name grammar
     * @throws NotFoundException     when the descriptor's blob is not in the store
     */
    public Tag tag(String name, Descriptor descriptor) {
        validate(name);
        if (!blobs.exists(descriptor.digest())) {
            throw new NotFoundException("cannot tag " + name + ": " + blobs.notFound(descriptor.digest()).getMessage());
        }
        Map<String, String> annotations = new HashMap<>(descriptor.annotations());
        annotations.put(REF_NAME, name);
        Descriptor named = new Descriptor(descriptor.mediaType(), descriptor.digest(), descriptor.size(),
                annotations, descriptor.platform());
        ObjectNode entry = DescriptorNodes.toJson(named);
        update(manifests -> {
            if (alreadyTagged(manifests, name, entry)) {
                return false; // a rebuild that changed nothing: no write, no fsync
            }
            removeNamed(manifests, name);
            removeUntagged(manifests, descriptor.digest().toString());
            manifests.add(entry);
            return true;
        });
        return new Tag(name, named);
    }

    /**
     * Keeps {@code descriptor}, an image that has no name, as the newest untagged image (the last
     * entry), unless a tag already names it.
     *
     * @throws NotFoundException when the descriptor's blob is not in the store
     */
    public void keepUntagged(Descriptor descriptor) {
        if (!blobs.exists(descriptor.digest())) {
            throw new NotFoundException("cannot keep image " + descriptor.digest() + ": "
                    + blobs.notFound(descriptor.digest()).getMessage());
        }
        Map<String, String> annotations = new HashMap<>(descriptor.annotations());
        annotations.remove(REF_NAME);
        annotations.put(UNTAGGED, "true");
        Descriptor untagged = new Descriptor(descriptor.mediaType(), descriptor.digest(), descriptor.size(),
                annotations, descriptor.platform());
        String digest = descriptor.digest().toString();
        update(manifests -> {
            for (JsonNode entry : manifests) {
                if (entry.path("annotations").has(REF_NAME) && digest.equals(entry.path("digest").asText())) {
                    return false;
                }
            }
            removeUntagged(manifests, digest);
            manifests.add(DescriptorNodes.toJson(untagged));
            return true;
        });
    }

    /** The untagged images ({@link #keepUntagged}), oldest first. */
    public List<Descriptor> untagged() {
        List<Descriptor> untagged = new ArrayList<>();
        for (JsonNode entry : manifests(read())) {
            if (isUntagged(entry)) {
                untagged.add(descriptor(entry));
            }
        }
        return untagged;
    }

    /** Forgets the untagged image {@code digest} names (its blobs stay until a prune); true when it was kept. */
    public boolean forgetUntagged(Digest digest) {
        boolean[] removed = {false};
        update(manifests -> removed[0] = removeUntagged(manifests, digest.toString()));
        return removed[0];
    }

    /**
     * Forgets the untagged images but the newest when {@code keepNewest}; called by the pruner
     * under the store lock, before it collects what the index still reaches.
     */
    List<Descriptor> dropUntagged(boolean keepNewest) {
        List<Descriptor> dropped = new ArrayList<>();
        update(manifests -> {
            int newest = -1;
            for (int i = 0; i < manifests.size(); i++) {
                if (isUntagged(manifests.get(i))) {
                    newest = i;
                }
            }
            for (int i = manifests.size() - 1; i >= 0; i--) {
                if (isUntagged(manifests.get(i)) && !(keepNewest && i == newest)) {
                    dropped.add(descriptor(manifests.get(i)));
                    manifests.remove(i);
                }
            }
            return !dropped.isEmpty();
        });
        return dropped.reversed();
    }

    /** Removes the tag; true when it was there. The blobs stay until a prune. */
    public boolean untag(String name) {
        boolean[] removed = {false};
        update(manifests -> removed[0] = removeNamed(manifests, name));
        return removed[0];
    }

    /** Every tag, in the order of {@code index.json}. */
    public List<Tag> list() {
        List<Tag> tags = new ArrayList<>();
        for (JsonNode entry : manifests(read())) {
            String name = entry.path("annotations").path(REF_NAME).asText(null);
            if (name != null) {
                tags.add(new Tag(name, descriptor(entry)));
            }
        }
        return tags;
    }

    /** Every descriptor of {@code index.json}, tagged or not: the roots of what prune keeps. */
    List<Descriptor> roots() {
        List<Descriptor> roots = new ArrayList<>();
        for (JsonNode entry : manifests(read())) {
            roots.add(descriptor(entry));
        }
        return roots;
    }

    /** An entry of index.json; a broken one is the store's fault, so an internal error. */
    private Descriptor descriptor(JsonNode entry) {
        try {
            return DescriptorNodes.fromJson(entry);
        } catch (InvalidInputException e) {
            throw new InternalException(layout.indexFile() + ": " + e.getMessage(), e);
        }
    }

    /** The tag named {@code name}, if any. */
    public Optional<Tag> find(String name) {
        return list().stream().filter(t -> t.name().equals(name)).reduce((first, last) -> last);
    }

    /**
     * The descriptor tagged {@code name}.
     *
     * @throws NotFoundException when nothing is tagged so
     */
    public Descriptor resolve(String name) {
        return find(name).map(Tag::descriptor).orElseThrow(() ->
                new NotFoundException("image " + name + " not found in store " + layout.root()));
    }

    static void validate(String name) {
        if (name == null || !REF.matcher(name).matches()) {
            throw new InvalidInputException("invalid image name \"" + name
                    + "\": an OCI ref name is alphanumeric parts joined by - . _ : @ + or /");
        }
    }

    /** Writes an empty index unless one exists; called under the lock by {@link Store#open}. */
    void initialize() throws IOException {
        if (!Files.exists(layout.indexFile())) {
            write(emptyIndex());
        }
    }

    private interface Edit {
        /** Edits the manifests array in place; returns whether anything changed. */
        boolean apply(ArrayNode manifests);
    }

    private void update(Edit edit) {
        try (var held = lock.acquire()) {
            ObjectNode index = read();
            if (!index.path("manifests").isArray()) {
                index.putArray("manifests");
            }
            if (edit.apply((ArrayNode) index.get("manifests"))) {
                write(index);
            }
        } catch (IOException e) {
            throw new InternalException("cannot update " + layout.indexFile() + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code entry} is the one entry named {@code name}, so tagging again would change nothing. */
    private static boolean alreadyTagged(ArrayNode manifests, String name, JsonNode entry) {
        int named = 0;
        boolean same = false;
        for (JsonNode e : manifests) {
            if (name.equals(e.path("annotations").path(REF_NAME).asText(null))) {
                named++;
                same = e.toString().equals(entry.toString()); // as JSON text: 5 read back is an int, written a long
            }
        }
        return named == 1 && same;
    }

    private static boolean removeNamed(ArrayNode manifests, String name) {
        boolean removed = false;
        for (int i = manifests.size() - 1; i >= 0; i--) {
            if (name.equals(manifests.get(i).path("annotations").path(REF_NAME).asText(null))) {
                manifests.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    private static boolean removeUntagged(ArrayNode manifests, String digest) {
        boolean removed = false;
        for (int i = manifests.size() - 1; i >= 0; i--) {
            if (isUntagged(manifests.get(i)) && digest.equals(manifests.get(i).path("digest").asText())) {
                manifests.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    private static boolean isUntagged(JsonNode entry) {
        return !entry.path("annotations").has(REF_NAME) && entry.path("annotations").has(UNTAGGED);
    }

    private static Iterable<JsonNode> manifests(ObjectNode index) {
        return index.path("manifests");
    }

    private ObjectNode read() {
        try {
            JsonNode node = DescriptorNodes.MAPPER.readTree(Files.readAllBytes(layout.indexFile()));
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new InternalException(layout.indexFile() + " is not a JSON object; run fsck");
        } catch (java.nio.file.NoSuchFileException e) {
            return emptyIndex();
        } catch (IOException e) {
            throw new InternalException("cannot read " + layout.indexFile() + ": "
                    + ManifestReferences.firstLine(e.getMessage()), e);
        }
    }

    private void write(ObjectNode index) throws IOException {
        byte[] bytes = DescriptorNodes.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
        AtomicFiles.write(layout.indexFile(), bytes, layout.tmp());
    }

    private static ObjectNode emptyIndex() {
        ObjectNode index = DescriptorNodes.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaType.OCI_INDEX);
        index.putArray("manifests");
        return index;
    }
}
