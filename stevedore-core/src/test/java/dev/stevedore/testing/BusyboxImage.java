package dev.stevedore.testing;

import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A one-layer busybox image made from the host's {@code /bin/busybox} (Debian's
 * {@code busybox-static}), written into a store and tagged: what tests run containers from.
 * Users: root, {@code app} (1000:1000), group {@code extra} (2000). Also has {@code /data/file}
 * ("lower") and an empty directory {@code /existing}.
 */
public final class BusyboxImage {

    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final String[] APPLETS = {
        "sh", "echo", "id", "ls", "cat", "ip", "sleep", "hostname", "env", "pwd", "touch", "grep", "stat", "true", "mkdir",
        "rm", "nc", "wc", "test", "[", "head", "cp", "chmod", "false", "sed"
    };

    /** The name build tests give the image, so that {@code FROM busybox} finds it. */
    public static final String NAME = "docker.io/library/busybox:latest";

    private BusyboxImage() {}

    /** The calling test needs root, runc and busybox (see {@link Prerequisites}). */
    public static void assumeRunnable() {
        Prerequisites.root();
        Prerequisites.tool("busybox");
        Prerequisites.tool("runc");
    }

    /** The root filesystem, under {@code dir/rootfs}. */
    public static Path rootfs(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:App:/home/app:/bin/sh
                """);
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                app:x:1000:
                extra:x:2000:app
                """);
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/file"), "lower\n");
        Files.createDirectories(root.resolve("existing"));
        Files.createDirectories(root.resolve("tmp"));
        FileCalls.chmod(root.resolve("tmp"), 01777);
        return root;
    }

    /** Writes the image as {@code name} with a {@code PATH} and {@code CMD ["sh"]}, as Docker Hub's busybox has. */
    public static Descriptor create(Store store, Path workDir, String name) throws IOException {
        return write(store, workDir, name, c -> c
                .withEnv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .withCmd(List.of("sh")));
    }

    /** Writes the image into {@code store} as {@code name}, its run config changed by {@code config}. */
    public static Descriptor write(Store store, Path workDir, String name, UnaryOperator<ContainerConfig> config)
            throws IOException {
        return write(store, workDir, name, config, List.of());
    }

    /**
     * The busybox image with {@code tars} (uncompressed layers, hostile ones included: nothing
     * checks them here) as further layers on top, written as {@code name}.
     */
    public static Descriptor withLayers(Store store, Path workDir, String name, List<byte[]> tars) throws IOException {
        return write(store, workDir, name, c -> c
                .withEnv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .withCmd(List.of("sh")), tars);
    }

    /**
     * The busybox image with the uncompressed layer in the file {@code tar} on top, streamed into
     * the store (a layer too big for a byte array: a million empty files is 512 MB of headers).
     */
    public static Descriptor withLayerFile(Store store, Path workDir, String name, Path tar) throws IOException {
        java.security.MessageDigest sha256;
        try (var in = new java.security.DigestInputStream(Files.newInputStream(tar),
                java.security.MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            sha256 = in.getMessageDigest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Digest diffId = Digest.of("sha256", sha256);
        Blob blob;
        try (var in = Files.newInputStream(tar)) {
            blob = store.blobs().put(in, Files.size(tar), diffId);
        }
        return writeWith(store, workDir, name, c -> c
                .withEnv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .withCmd(List.of("sh")), List.of(blob));
    }

    private static Descriptor write(Store store, Path workDir, String name, UnaryOperator<ContainerConfig> config,
            List<byte[]> extraTars) throws IOException {
        return writeWith(store, workDir, name, config, extraTars.stream().map(store.blobs()::put).toList());
    }

    /** The busybox image with {@code extra}, uncompressed layers already in the store, on top. */
    private static Descriptor writeWith(Store store, Path workDir, String name, UnaryOperator<ContainerConfig> config,
            List<Blob> extra) throws IOException {
        Path root = rootfs(workDir);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Layer layer = LayerWriter.writeTree(root, tar, LayerOptions.defaults().withCompression(dev.stevedore.oci.Compression.GZIP));
        Blob layerBlob = store.blobs().put(tar.toByteArray());
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        ImageConfig image = ImageConfig.scratch(Platform.host())
                .withLayer(layer.diffId(), History.layer(created, "busybox from the host"))
                .withConfig(config);
        List<Descriptor> layers = new java.util.ArrayList<>(List.of(
                new Descriptor(layer.mediaType(), layerBlob.digest(), layerBlob.size())));
        for (Blob blob : extra) {
            image = image.withLayer(blob.digest(), History.layer(created, "a layer made by hand"));
            layers.add(new Descriptor(dev.stevedore.oci.MediaType.OCI_LAYER, blob.digest(), blob.size()));
        }
        Parsed<ImageConfig> configJson = OciJson.serialize(image);
        store.blobs().put(configJson.raw());
        Parsed<Manifest> manifest = OciJson.serialize(ImageManifest.oci(
                OciJson.configDescriptor(configJson, false), layers));
        store.blobs().put(manifest.raw());
        Descriptor descriptor = OciJson.descriptor(manifest);
        store.tags().tag(name, descriptor);
        return descriptor;
    }

    /**
     * Copies the image {@link #NAME} of {@code from} into {@code to}, the same digest: two
     * machines with the same base (each {@link #create} makes its own, whose layer has the time
     * it was made).
     */
    public static void copy(Store from, Store to) {
        copy(from, to, NAME);
    }

    /** Copies the single-platform image tagged {@code name} of {@code from} into {@code to}, blob by blob. */
    public static void copy(Store from, Store to, String name) {
        Descriptor top = from.tags().resolve(name);
        byte[] raw = from.blobs().read(top.digest());
        ImageManifest m = OciJson.readImageManifest(raw, name).value();
        to.blobs().put(from.blobs().read(m.config().digest()));
        for (Descriptor layer : m.layers()) {
            try (java.io.InputStream in = from.blobs().open(layer.digest())) {
                to.blobs().put(in, layer.size(), layer.digest());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        to.blobs().put(raw);
        to.tags().tag(name, top);
    }
}
