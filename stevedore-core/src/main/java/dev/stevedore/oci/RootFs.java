package dev.stevedore.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code rootfs} of an image config: the digests of the layers' uncompressed tar
 * streams (diff ids), bottom first.
 */
public record RootFs(String type, List<Digest> diffIds) {

    public static final String LAYERS = "layers";

    public RootFs {
        Objects.requireNonNull(type, "type");
        diffIds = List.copyOf(diffIds);
    }

    public static RootFs of(List<Digest> diffIds) {
        return new RootFs(LAYERS, diffIds);
    }

    /** This rootfs with one more layer on top. */
    public RootFs plus(Digest diffId) {
        List<Digest> copy = new ArrayList<>(diffIds);
        copy.add(diffId);
        return new RootFs(type, copy);
    }
}
