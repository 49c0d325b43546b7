package dev.stevedore.api.run;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.PlatformMatcher;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.store.Store;
import dev.stevedore.store.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image of the store, found as {@code docker run} finds one: by reference
 * ({@code busybox} is {@code docker.io/library/busybox:latest}), else by a prefix of its id (the
 * config digest, with or without {@code sha256:}). An index resolves to its entry for this host.
 *
 * @param manifest the image manifest (layers bottom first)
 * @param config   its config; {@code config.rootfs().diffIds()} pairs with the manifest's layers
 */
record StoredImage(ImageManifest manifest, ImageConfig config) {

    private static final Pattern ID_PREFIX = Pattern.compile("(sha256:)?[0-9a-f]{1,64}");

    /**
     * @throws NotFoundException "No such image: NAME" when nothing matches
     * @throws InvalidInputException when an id prefix matches several images
     */
    static StoredImage find(Store store, String name) {
        Optional<Tag> tag = byReference(store, name);
        if (tag.isPresent()) {
            return load(store, tag.get().descriptor(), name);
        }
        if (ID_PREFIX.matcher(name).matches()) {
            return byIdPrefix(store, name.toLowerCase(Locale.ROOT).replaceFirst("^sha256:", ""));
        }
        throw noSuchImage(name);
    }

    private static Optional<Tag> byReference(Store store, String name) {
        Optional<Tag> raw = store.tags().find(name);
        if (raw.isPresent()) {
            return raw;
        }
        try {
            return store.tags().find(ImageReference.parseDockerRef(name).toString());
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static StoredImage byIdPrefix(Store store, String hexPrefix) {
        Map<Digest, StoredImage> matches = new LinkedHashMap<>();
        for (Tag tag : store.tags().list()) {
            try {
                StoredImage image = load(store, tag.descriptor(), tag.name());
                Digest id = image.manifest().config().digest();
                if (id.hex().startsWith(hexPrefix)) {
                    matches.put(id, image);
                }
            } catch (StevedoreException e) {
                // An image for another platform, or a broken one: it is not the one asked for.
            }
        }
        if (matches.size() > 1) {
            throw new InvalidInputException("image id prefix " + hexPrefix + " is ambiguous: it matches "
                    + new ArrayList<>(matches.keySet()));
        }
        return matches.values().stream().findFirst().orElseThrow(() -> noSuchImage(hexPrefix));
    }

    private static StoredImage load(Store store, Descriptor descriptor, String name) {
        Manifest manifest = OciJson.readManifest(store.blobs().read(descriptor.digest()), name).value();
        ImageManifest image = switch (manifest) {
            case ImageManifest m -> m;
            case ImageIndex index -> {
                Descriptor entry = PlatformMatcher.only(Platform.host()).select(index.images())
                        .orElseThrow(() -> new NotFoundException("image " + name + " has no manifest for "
                                + Platform.host()));
                yield OciJson.readImageManifest(store.blobs().read(entry.digest()), name).value();
            }
        };
        ImageConfig config = OciJson.readConfig(store.blobs().read(image.config().digest()), name).value();
        if (config.rootfs().diffIds().size() != image.layers().size()) {
            throw new InvalidInputException("image " + name + " is broken: " + image.layers().size()
                    + " layers but " + config.rootfs().diffIds().size() + " diff ids");
        }
        return new StoredImage(image, config);
    }

    static NotFoundException noSuchImage(String name) {
        return new NotFoundException("No such image: " + name);
    }
}
