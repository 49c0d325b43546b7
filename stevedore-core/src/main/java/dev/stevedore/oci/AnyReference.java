package dev.stevedore.oci;

import java.util.Objects;

/**
 * What a user may name an image by on the command line: a registry reference or an image id
 * ({@code sha256:…} or its 64 hex characters alone), as Docker's {@code ParseAnyReference}.
 */
public sealed interface AnyReference permits ImageReference, AnyReference.ImageId {

    /** An image named by the digest of its config (or manifest), with no repository. */
    record ImageId(Digest digest) implements AnyReference {
        public ImageId {
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public String toString() {
            return digest.toString();
        }
    }

    /**
     * An image id when {@code text} is 64 lower-case hex characters or a valid digest, else
     * {@link ImageReference#parse} of it.
     */
    static AnyReference parse(String text) {
        Objects.requireNonNull(text, "text");
        if (ReferenceGrammar.isIdentifier(text)) {
            return new ImageId(new Digest(Digest.SHA256, text));
        }
        if (Digest.isValid(text)) {
            return new ImageId(Digest.parse(text));
        }
        return ImageReference.parse(text);
    }
}
