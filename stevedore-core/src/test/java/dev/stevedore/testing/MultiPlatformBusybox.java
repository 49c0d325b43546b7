package dev.stevedore.testing;

import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/**
 * The stand-in base image for two platforms: Debian's {@code busybox-static} of amd64 (the
 * host's {@code /bin/busybox}) and of arm64 (unpacked by {@code tools/prerequisites.sh tests}
 * under {@link #ARM64_BUSYBOX}), one image each, tagged in a store as one OCI index, as Docker
 * Hub's multi-platform images are.
 */
public final class MultiPlatformBusybox {

    /** Where {@code tools/prerequisites.sh tests} unpacks {@code busybox-static:arm64}. */
    public static final Path ARM64_BUSYBOX = Path.of("/var/cache/stevedore/foreign/arm64/busybox-static/bin/busybox");
    public static final Platform AMD64 = Platform.of("linux", "amd64");
    public static final Platform ARM64 = Platform.of("linux", "arm64");

    private MultiPlatformBusybox() {}

    /**
     * The calling test runs arm64 RUN steps: root, runc, both busyboxes, and qemu-user-static's
     * aarch64 interpreter registered with the F flag (registered here when it is not, as
     * {@code stevedore setup binfmt} does).
     */
    public static void assumeEmulation() {
        BusyboxImage.assumeRunnable();
        Prerequisites.tool("qemu-aarch64-static");
        if (!Files.isExecutable(ARM64_BUSYBOX)) {
            Assertions.fail("needs " + ARM64_BUSYBOX + " (busybox-static:arm64): run tools/prerequisites.sh tests"
                    + " as root");
        }
        // as `stevedore setup binfmt --install linux/arm64` (mounts binfmt_misc when it is not)
        dev.stevedore.api.Emulators.system().install(List.of(ARM64));
    }

    /**
     * The two-platform busybox made in a store under {@code dir} and pushed to the registry
     * {@code host} as {@code busybox:multi}, where builds find it as a mirror of Docker Hub's.
     */
    public static void pushTo(Path dir, String host) throws IOException {
        Store base = Store.open(dir.resolve("base"));
        create(base, dir.resolve("images"), "docker.io/library/busybox:multi");
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            client.push(base, "docker.io/library/busybox:multi", ImageReference.parse(host + "/busybox:multi"));
        }
    }

    /** Writes both images and their index into {@code store}, tagged {@code name}; the index's descriptor. */
    public static Descriptor create(Store store, Path workDir, String name) throws IOException {
        List<Descriptor> entries = new ArrayList<>();
        entries.add(image(store, workDir.resolve("amd64"), AMD64, BusyboxImage.BUSYBOX));
        entries.add(image(store, workDir.resolve("arm64"), ARM64, ARM64_BUSYBOX));
        Parsed<Manifest> index = OciJson.serialize(dev.stevedore.oci.ImageIndex.oci(entries));
        store.blobs().put(index.raw());
        Descriptor descriptor = OciJson.descriptor(index);
        store.tags().tag(name, descriptor);
        return descriptor;
    }

    private static Descriptor image(Store store, Path dir, Platform platform, Path busybox) throws IOException {
        Path root = BusyboxImage.rootfs(dir);
        Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Layer layer = LayerWriter.writeTree(root, tar, LayerOptions.defaults().withCompression(dev.stevedore.oci.Compression.GZIP));
        Blob layerBlob = store.blobs().put(tar.toByteArray());
        ImageConfig config = ImageConfig.scratch(platform)
                .withLayer(layer.diffId(), History.layer(Instant.parse("2025-01-01T00:00:00Z"),
                        "busybox-static of " + platform.architecture()))
                .withConfig(c -> c.withEnv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                        .withCmd(List.of("sh")));
        Parsed<ImageConfig> configJson = OciJson.serialize(config);
        store.blobs().put(configJson.raw());
        Parsed<Manifest> manifest = OciJson.serialize(ImageManifest.oci(OciJson.configDescriptor(configJson, false),
                List.of(new Descriptor(layer.mediaType(), layerBlob.digest(), layerBlob.size()))));
        store.blobs().put(manifest.raw());
        return OciJson.descriptor(manifest).withPlatform(platform);
    }
}
