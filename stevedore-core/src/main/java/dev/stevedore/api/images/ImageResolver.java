package dev.stevedore.api.images;

import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.AnyReference;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.PlatformMatcher;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.output.StoredImage;
import dev.stevedore.output.StoredIndex;
import dev.stevedore.store.ImageCheck;
import dev.stevedore.store.Store;
import dev.stevedore.store.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds images of the store, tagged or untagged, by what users type: a reference ({@code busybox},
 * {@code localhost:5000/app:1}), a full image id ({@code sha256:<64 hex>} or the hex alone) or
 * a unique prefix of one, as Docker does. A tag that points to an index stands for its image
 * for the host platform.
 */
final class ImageResolver {

    private static final Pattern HEX_PREFIX = Pattern.compile("(sha256:)?[0-9a-f]{1,64}");

    private final Store store;

    ImageResolver(Store store) {
        this.store = store;
    }

    /**
     * Every readable image, each once: the tagged ones with their tags, in the order of their first
     * tag, then the untagged ones (no tags), oldest first; and every entry whose image cannot be
     * read (broken), set aside.
     */
    record Listing(List<LocalImage> images, List<BrokenImage> broken) {}

    /** Every readable image, each once, in the order of {@link Listing}; broken ones left out. */
    List<LocalImage> all() {
        return listing().images();
    }

    /**
     * Reads every tag's image; a tag whose image cannot be read (a hostile or damaged blob) is
     * set aside with its reason, so that one broken entry never breaks the listing of the others.
     */
    Listing listing() {
        Map<String, List<ImageReference>> tagsByManifest = new LinkedHashMap<>();
        Map<String, List<String>> namesByManifest = new LinkedHashMap<>();
        Map<String, Descriptor> descriptors = new LinkedHashMap<>();
        for (Tag tag : store.tags().list()) {
            Optional<ImageReference> ref = parseTagName(tag.name());
            String key = tag.descriptor().digest().toString();
            descriptors.putIfAbsent(key, tag.descriptor());
            ref.ifPresent(tagsByManifest.computeIfAbsent(key, k -> new ArrayList<>())::add);
            namesByManifest.computeIfAbsent(key, k -> new ArrayList<>()).add(tag.name());
        }
        for (Descriptor untagged : store.tags().untagged()) {
            String key = untagged.digest().toString();
            descriptors.putIfAbsent(key, untagged);
            tagsByManifest.computeIfAbsent(key, k -> new ArrayList<>());
        }
        List<LocalImage> images = new ArrayList<>();
        List<BrokenImage> broken = new ArrayList<>();
        descriptors.forEach((key, descriptor) -> {
            try {
                images.add(local(descriptor, tagsByManifest.getOrDefault(key, List.of())));
            } catch (InvalidInputException | NotFoundException e) {
                broken.add(new BrokenImage(namesByManifest.getOrDefault(key, List.of()), descriptor.digest(), e.getMessage()));
            }
        });
        return new Listing(images, broken);
    }

    /**
     * The image {@code text} names.
     *
     * @throws NotFoundException     "No such image: x"
     * @throws InvalidInputException "invalid reference format: …"
     * @throws ConflictException     when a short id matches several images
     */
    LocalImage resolve(String text) {
        Optional<ImageReference> ref = parseReference(text);
        if (ref.isPresent()) {
            String name = ref.get().withDefaultTag().toString();
            Listing listing = listing();
            for (LocalImage image : listing.images()) {
                if (image.tags().stream().anyMatch(t -> t.toString().equals(name))) {
                    return image;
                }
            }
            for (BrokenImage broken : listing.broken()) {
                if (broken.tags().contains(name)) {
                    throw new InvalidInputException(broken.sentence());
                }
            }
        }
        if (HEX_PREFIX.matcher(text).matches()) {
            return byIdPrefix(text, text.startsWith("sha256:") ? text : "sha256:" + text);
        }
        throw new NotFoundException("No such image: " + text);
    }

    private LocalImage byIdPrefix(String text, String prefix) {
        Map<String, LocalImage> matches = new LinkedHashMap<>();
        for (LocalImage image : all()) {
            // an index is known by its digest, and by its image's id (what its build printed)
            for (Digest id : List.of(image.id(), image.image().id())) {
                if (id.toString().startsWith(prefix)) {
                    matches.putIfAbsent(id.toString(), image);
                    break;
                }
            }
        }
        return switch (matches.size()) {
            case 0 -> throw new NotFoundException("No such image: " + text);
            case 1 -> matches.values().iterator().next();
            default -> throw new ConflictException("image id prefix " + text + " is ambiguous: it matches "
                    + matches.size() + " images");
        };
    }

    /** A reference, unless {@code text} is an id or a bare hex prefix that is no valid name. */
    private static Optional<ImageReference> parseReference(String text) {
        if (text.isEmpty()) {
            throw new InvalidInputException("invalid reference format: an image name must not be empty");
        }
        AnyReference any;
        try {
            any = AnyReference.parse(text);
        } catch (InvalidInputException e) {
            if (HEX_PREFIX.matcher(text).matches()) {
                return Optional.empty();
            }
            throw e;
        }
        return any instanceof ImageReference r ? Optional.of(r) : Optional.empty();
    }

    private static Optional<ImageReference> parseTagName(String name) {
        try {
            return Optional.of(ImageReference.parse(name));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /**
     * The image a tag's descriptor names: a manifest; or an index with its entry for this host
     * (the first when none fits) standing for it.
     */
    private LocalImage local(Descriptor descriptor, List<ImageReference> tags) {
        if (!MediaType.isIndex(descriptor.mediaType())) {
            return new LocalImage(StoredImage.read(store, descriptor), tags);
        }
        StoredIndex index = StoredIndex.read(store, descriptor);
        // of the images the store holds (a pulled index holds the platforms pulled)
        List<Descriptor> held = index.entries().stream().map(StoredImage::manifestDescriptor)
                .filter(d -> !d.isAttestation()).toList();
        Descriptor chosen = PlatformMatcher.only(Platform.host()).select(held)
                .or(() -> held.stream().findFirst())
                .orElseThrow(() -> new NotFoundException("index " + descriptor.digest() + " holds no image"));
        StoredImage image = index.entries().stream().filter(e -> e.manifestDescriptor().digest().equals(chosen.digest()))
                .findFirst().orElseThrow();
        return new LocalImage(image, tags, Optional.of(index));
    }
}
