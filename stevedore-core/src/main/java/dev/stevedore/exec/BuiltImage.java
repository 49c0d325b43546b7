package dev.stevedore.exec;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageConfig;
import java.util.List;

/**
 * The image a build made, in the store but not yet tagged.
 *
 * @param manifest its manifest's descriptor (the digest is the image's {@code containerimage.digest})
 * @param config   its config blob's descriptor (the digest is the image ID)
 * @param stages   what each stage of the build made, by index
 */
public record BuiltImage(Descriptor manifest, Descriptor config, ImageConfig imageConfig, List<StageResult> stages) {

    public BuiltImage {
        stages = List.copyOf(stages);
    }
}
