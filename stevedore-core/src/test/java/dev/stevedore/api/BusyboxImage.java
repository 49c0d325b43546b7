package dev.stevedore.api;

import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.store.BlobWriter;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Test fixture: a one-layer busybox image (the host's {@code /bin/busybox} from Debian's
 * busybox-static with applet links, {@code /etc/passwd} and {@code /etc/group} with user
 * {@code app} 1000) tagged {@code docker.io/library/busybox:latest} in a store.
 *
 * <p>SEAM: switch to {@code api.images} import once it lands.
 */
final class BusyboxImage {

    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final String NAME = "docker.io/library/busybox:latest";

    private static final String[] APPLETS = {
        "sh", "echo", "cat", "ls", "mkdir", "touch", "sleep", "test", "true", "false", "cp", "chmod", "id", "stat",
        "wc", "rm", "env", "pwd", "grep", "sed"
    };

    private BusyboxImage() {}

    static void create(Store store, Path work, String name) throws IOException {
        Path root = Files.createDirectories(work.resolve("busybox-rootfs"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:App:/home/app:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\n");
        Files.createDirectories(root.resolve("tmp"));
        Layer layer;
        Descriptor layerDescriptor;
        try (BlobWriter w = store.blobs().writer()) {
            layer = LayerWriter.writeTree(root, w.stream(), LayerOptions.defaults());
            w.commit(layer.size(), layer.digest());
            layerDescriptor = layer.descriptor();
        }
        ImageConfig config = ImageConfig.scratch(Platform.host())
                .withEnv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .withCmd(java.util.List.of("sh"))
                .withLayer(layer.diffId(), History.layer(Instant.parse("2024-01-01T00:00:00Z"), "busybox"))
                .withCreated(Instant.parse("2024-01-01T00:00:00Z"));
        byte[] configJson = OciJson.write(config);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, configJson);
        store.blobs().put(configJson);
        byte[] manifest = OciJson.write(ImageManifest.oci(configDescriptor, java.util.List.of(layerDescriptor)));
        Descriptor manifestDescriptor = Descriptor.of(MediaType.OCI_MANIFEST, manifest);
        store.blobs().put(manifest);
        store.tags().tag(name, manifestDescriptor);
    }
}
