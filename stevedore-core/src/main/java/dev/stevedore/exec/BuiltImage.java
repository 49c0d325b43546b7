package dev.stevedore.exec;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageConfig;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The image a build made, in the store but not yet tagged.
 *
 * @param manifest its manifest's descriptor (the digest is the image's {@code containerimage.digest})
 * @param config   its config blob's descriptor (the digest is the image ID)
 * @param stages   what each stage of the build made, by index
 * @param bases    the base images the build used, for provenance
 * @param dependencies for each stage built (by index), the stages it needs (FROM, COPY --from, mounts)
 */
public record BuiltImage(Descriptor manifest, Descriptor config, ImageConfig imageConfig, List<StageResult> stages,
        List<ResolvedBase> bases, Map<Integer, SortedSet<Integer>> dependencies) {

    public BuiltImage {
        stages = List.copyOf(stages);
        bases = List.copyOf(bases);
        dependencies = Map.copyOf(dependencies);
    }
}
