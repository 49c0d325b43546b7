package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import java.util.Map;
import java.util.Objects;

/**
 * One attestation stored beside an image (BuildKit's layout).
 *
 * @param image         the image manifest it is about
 * @param predicateType {@code https://spdx.dev/Document}, {@code https://slsa.dev/provenance/v1}, …
 * @param annotations   its layer's annotations
 * @param statement     the in-toto statement, as stored
 */
public record ImageAttestation(Digest image, String predicateType, Map<String, String> annotations, byte[] statement) {

    /** Checks the components and keeps copies of the mutable ones. */
    public ImageAttestation {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(predicateType, "predicateType");
        annotations = Map.copyOf(annotations);
        statement = statement.clone();
    }

    /**
     * A copy of the {@code statement} bytes (an array is mutable).
     *
     * @return the in-toto statement, as stored
     */
    @Override
    public byte[] statement() {
        return statement.clone();
    }
}
