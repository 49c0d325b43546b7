package dev.stevedore.store;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;

/**
 * What a tag may point to, checked before it is tagged (pull, load) and again by fsck: an image
 * manifest whose JSON parses, whose media type is the one its descriptor states, and whose config
 * is an image config that parses and lists one diff id per layer; or an index of such manifests.
 * A tag to anything else would break every command that lists images, so nothing else is tagged.
 * An index that lists another index is refused: listing and building pick one image of an index,
 * and following indexes to any depth is what let a hostile archive make a load exponential.
 */
public final class ImageCheck {

    /** An image manifest and its config, both parsed and consistent with each other. */
    public record Image(Parsed<ImageManifest> manifest, Parsed<ImageConfig> config) {}

    private ImageCheck() {}

    /**
     * Reads and checks the image manifest {@code descriptor} points to, and its config.
     *
     * @throws InvalidInputException a sentence naming the blob and what is wrong with it
     * @throws dev.stevedore.diag.NotFoundException when a blob is missing
     */
    public static Image image(BlobStore blobs, Descriptor descriptor) {
        Digest digest = descriptor.digest();
        Parsed<ImageManifest> manifest = OciJson.readImageManifest(blobs.read(digest), digest.toString());
        if (!manifest.value().mediaType().equals(descriptor.mediaType())) {
            throw new InvalidInputException("manifest " + digest + " is a " + manifest.value().mediaType()
                    + " but is referenced as a " + descriptor.mediaType());
        }
        Descriptor configDescriptor = manifest.value().config();
        if (!MediaType.isConfig(configDescriptor.mediaType())) {
            throw new InvalidInputException("manifest " + digest + " has a config of media type "
                    + configDescriptor.mediaType() + ", not an image config");
        }
        Digest configDigest = configDescriptor.digest();
        Parsed<ImageConfig> config = OciJson.readConfig(blobs.read(configDigest), configDigest.toString());
        int layers = manifest.value().layers().size();
        int diffIds = config.value().rootfs().diffIds().size();
        if (layers != diffIds) {
            throw new InvalidInputException("image " + digest + " has " + layers
                    + " layers but its config lists " + diffIds + " diff ids");
        }
        return new Image(manifest, config);
    }

    /**
     * Checks what a tag would point to: an image manifest ({@link #image}) or an index whose
     * images (those of its entries the store holds) are all such manifests.
     *
     * @throws InvalidInputException a sentence naming the blob and what is wrong with it
     */
    public static void requireTaggable(BlobStore blobs, Descriptor target) {
        if (!MediaType.isIndex(target.mediaType())) {
            if (!MediaType.isManifest(target.mediaType())) {
                throw new InvalidInputException(target.digest() + " is a " + target.mediaType()
                        + ", neither an image manifest nor an index");
            }
            image(blobs, target);
            return;
        }
        Digest digest = target.digest();
        ImageIndex index = OciJson.readIndex(blobs.read(digest), digest.toString()).value();
        if (!index.mediaType().equals(target.mediaType())) {
            throw new InvalidInputException("index " + digest + " is a " + index.mediaType()
                    + " but is referenced as a " + target.mediaType());
        }
        if (index.images().isEmpty()) {
            throw new InvalidInputException("index " + digest + " holds no image");
        }
        for (Descriptor child : index.images()) {
            if (MediaType.isIndex(child.mediaType())) {
                throw new InvalidInputException("index " + digest + " lists another index (" + child.digest()
                        + "); nested indexes are not supported");
            }
            if (!MediaType.isManifest(child.mediaType())) {
                throw new InvalidInputException("index " + digest + " lists " + child.digest() + " of media type "
                        + child.mediaType() + ", which is not an image manifest");
            }
            if (blobs.exists(child.digest())) {
                image(blobs, child);
            }
        }
    }
}
