package dev.stevedore.testing;

import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The stand-in for Docker Hub's {@code golang} image (host platform only, as a build machine's
 * toolchain is): the busybox stand-in plus the Go toolchain of Debian's {@code golang-go},
 * installed on this machine by {@code tools/prerequisites.sh tests} and copied in as
 * {@code /usr/local/go} — what the compiler needs only (the {@code go} command, the compiler,
 * assembler and linker, the standard library's sources without their tests), static builds
 * ({@code CGO_ENABLED=0}, as examples/bases/golang makes it), no C toolchain.
 */
public final class GolangImage {

    /** Where Debian's {@code golang-go} links its GOROOT. */
    public static final Path HOST_GOROOT = Path.of("/usr/lib/go");
    /** The toolchain's programs a build runs (pprof and trace are left out). */
    private static final Set<String> TOOLS = Set.of("compile", "link", "asm", "buildid", "pack", "cgo");
    private static final String GOROOT = "/usr/local/go";

    private GolangImage() {}

    /** The calling test builds Go: the busybox stand-in's needs and Debian's Go toolchain. */
    public static void assumeToolchain() {
        BusyboxImage.assumeRunnable();
        Prerequisites.tool("go");
        if (!Files.isExecutable(HOST_GOROOT.resolve("bin/go"))) {
            org.junit.jupiter.api.Assertions.fail("needs Debian's golang-go (" + HOST_GOROOT
                    + "/bin/go): run tools/prerequisites.sh tests as root");
        }
    }

    /** Writes the image into {@code store}, tagged {@code name}, for this host's platform; its manifest's descriptor. */
    public static Descriptor create(Store store, Path workDir, String name) throws IOException {
        return create(store, workDir, name, java.util.Map.of());
    }

    /**
     * {@link #create(Store, Path, String)} with more environment in the image (e.g. {@code GOFLAGS=-v}, so a
     * test sees which packages a {@code go build} compiled).
     */
    public static Descriptor create(Store store, Path workDir, String name, java.util.Map<String, String> env)
            throws IOException {
        Path root = BusyboxImage.rootfs(workDir);
        Path goroot = root.resolve(GOROOT.substring(1));
        copyToolchain(HOST_GOROOT.toRealPath(), goroot);
        // the go command is linked against the C library (its tools are static)
        for (String lib : List.of("/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6")) {
            Path target = root.resolve(lib.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(lib), target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(root.resolve("root"));
        Path tar = workDir.resolve("golang-layer.tar");
        Layer layer;
        try (OutputStream out = Files.newOutputStream(tar)) {
            layer = LayerWriter.writeTree(root, out, LayerOptions.defaults());
        }
        try (InputStream in = Files.newInputStream(tar)) {
            store.blobs().put(in, layer.size(), layer.digest());
        }
        Files.delete(tar);
        ImageConfig config = ImageConfig.scratch(Platform.host())
                .withLayer(layer.diffId(), History.layer(Instant.parse("2025-01-01T00:00:00Z"),
                        "busybox and Debian's Go toolchain"))
                .withConfig(c -> c.withEnv("PATH", GOROOT + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                        .withEnv("GOROOT", GOROOT)
                        .withEnv("GOPATH", "/go")
                        .withEnv("GOCACHE", "/root/.cache/go-build")
                        .withEnv("CGO_ENABLED", "0")
                        .withCmd(List.of("sh")));
        for (var e : new java.util.TreeMap<>(env).entrySet()) {
            config = config.withConfig(c -> c.withEnv(e.getKey(), e.getValue()));
        }
        Parsed<ImageConfig> configJson = OciJson.serialize(config);
        store.blobs().put(configJson.raw());
        Parsed<Manifest> manifest = OciJson.serialize(ImageManifest.oci(OciJson.configDescriptor(configJson, false),
                List.of(layer.descriptor())));
        store.blobs().put(manifest.raw());
        Descriptor descriptor = OciJson.descriptor(manifest);
        store.tags().tag(name, descriptor);
        return descriptor;
    }

    /** GOROOT's bin, the build's tools, pkg/include and src (symlinks followed; no tests, no test data). */
    private static void copyToolchain(Path from, Path to) throws IOException {
        for (String part : List.of("VERSION", "bin", "pkg/include", "pkg/tool", "src")) {
            Path source = from.resolve(part);
            Files.walkFileTree(source, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                            if (dir.getFileName().toString().equals("testdata")) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            String name = file.getFileName().toString();
                            boolean tool = from.relativize(file).startsWith("pkg/tool");
                            if (name.endsWith("_test.go") || (tool && !TOOLS.contains(name))) {
                                return FileVisitResult.CONTINUE;
                            }
                            Path target = to.resolve(from.relativize(file).toString());
                            Files.createDirectories(target.getParent());
                            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        }
    }
}
