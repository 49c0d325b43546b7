package dev.stevedore.output;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import java.util.ArrayList;
import java.util.List;

/** Where blobs go inside an archive, and how index.json entries name images. */
final class ArchiveNames {

    /** The annotation containerd and Docker put the full image name in. */
    static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";

    private ArchiveNames() {}

    static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    /**
     * The index.json entries for one manifest: one per name, annotated as Docker and BuildKit
     * do (full name for containerd, the tag as the OCI ref name), or one bare entry without names.
     */
    static List<Descriptor> indexEntries(Descriptor manifest, List<ImageReference> names) {
        Descriptor bare = new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size());
        if (names.isEmpty()) {
            return List.of(bare);
        }
        List<Descriptor> entries = new ArrayList<>();
        for (ImageReference name : names) {
            entries.add(bare.withAnnotation(CONTAINERD_IMAGE_NAME, name.toString())
                    .withAnnotation(Descriptor.OCI_REF_NAME, name.tag().orElse(ImageReference.DEFAULT_TAG)));
        }
        return entries;
    }

    static void writeLayout(ArchiveTar tar) throws java.io.IOException {
        tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        tar.directory("blobs");
        tar.directory("blobs/sha256");
    }
}
