package dev.stevedore.exec;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** Writes a stage's final state as an OCI image (config and manifest blobs) into the store. */
final class ImageWriter {

    private ImageWriter() {}

    /**
     * @param stages       what each stage made
     * @param annotations  of the manifest (an inline cache); usually none
     * @param bases        the base images the build used
     * @param dependencies what each stage needs
     * @return the manifest's descriptor, ready to be tagged or exported
     */
    static BuiltImage write(Store store, Lease lease, StageState state, List<StageResult> stages,
                            Map<String, String> annotations, List<ResolvedBase> bases,
                            Map<Integer, SortedSet<Integer>> dependencies) {
        ImageConfig config = Times.dated(state.config());
        byte[] configJson = OciJson.write(config);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, configJson);
        store.blobs().put(configJson, configDescriptor.digest(), lease);
        ImageManifest plain = ImageManifest.oci(configDescriptor, state.layers().stream().map(LayerRef::blob).toList());
        ImageManifest manifest = new ImageManifest(plain.schemaVersion(), plain.mediaType(), plain.artifactType(),
                plain.config(), plain.layers(), plain.subject(), annotations);
        byte[] manifestJson = OciJson.write(manifest);
        Descriptor manifestDescriptor = Descriptor.of(MediaType.OCI_MANIFEST, manifestJson);
        store.blobs().put(manifestJson, manifestDescriptor.digest(), lease);
        return new BuiltImage(manifestDescriptor, configDescriptor, config, stages, bases, dependencies);
    }
}
