package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest, an index or {@code index.json} says about a
 * blob it points to.
 *
 * <p>The first five components are the ones every caller uses; {@code urls} and
 * {@code artifactType} complete the spec's descriptor and default to empty.
 *
 * @param mediaType    the type of the referenced content
 * @param digest       the digest of the referenced bytes
 * @param size         their length in bytes, never negative
 * @param annotations  never null; empty when the descriptor has none
 * @param platform     set on the entries of an image index
 * @param urls         where else the blob may be downloaded from (foreign layers); often empty
 * @param artifactType set on index entries that point to artifacts
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        Map<String, String> annotations,
        Optional<Platform> platform,
        List<String> urls,
        Optional<String> artifactType) {

    /** The annotation BuildKit puts on an attestation manifest: which manifest it describes. */
    public static final String DOCKER_REFERENCE_DIGEST = "vnd.docker.reference.digest";
    /** The annotation BuildKit puts on an attestation manifest: {@code attestation-manifest}. */
    public static final String DOCKER_REFERENCE_TYPE = "vnd.docker.reference.type";
    /** The annotation of {@code index.json} entries that names the tag. */
    public static final String OCI_REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new InvalidInputException("descriptor of " + digest + " has a negative size " + size);
        }
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(platform, "platform");
        urls = List.copyOf(urls);
        Objects.requireNonNull(artifactType, "artifactType");
    }

    public Descriptor(
            String mediaType, Digest digest, long size, Map<String, String> annotations, Optional<Platform> platform) {
        this(mediaType, digest, size, annotations, platform, List.of(), Optional.empty());
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, Map.of(), Optional.empty());
    }

    /** The descriptor of {@code content}: its sha256 digest and length. */
    public static Descriptor of(String mediaType, byte[] content) {
        return new Descriptor(mediaType, Digest.sha256(content), content.length);
    }

    /** This descriptor with {@code platform} set. */
    public Descriptor withPlatform(Platform platform) {
        return new Descriptor(mediaType, digest, size, annotations, Optional.of(platform), urls, artifactType);
    }

    /** This descriptor with one more annotation (replacing one of the same key). */
    public Descriptor withAnnotation(String key, String value) {
        Map<String, String> copy = new HashMap<>(annotations);
        copy.put(key, value);
        return new Descriptor(mediaType, digest, size, copy, platform, urls, artifactType);
    }

    /**
     * Whether this index entry is a BuildKit attestation manifest (provenance, SBOM) rather than
     * an image: its {@code vnd.docker.reference.type} annotation says so.
     */
    public boolean isAttestation() {
        return "attestation-manifest".equals(annotations.get(DOCKER_REFERENCE_TYPE));
    }
}
