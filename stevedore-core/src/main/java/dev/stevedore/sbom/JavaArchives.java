package dev.stevedore.sbom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Java archives ({@code .jar}, {@code .war}, {@code .ear}): each
 * {@code META-INF/maven/GROUP/ARTIFACT/pom.properties} is a Maven package; an archive without
 * one is named by its manifest ({@code Implementation-Title}, when it is one word, and {@code -Version}; else OSGi's
 * {@code Bundle-SymbolicName}/{@code Bundle-Version}, else its file name). Archives inside
 * archives (Spring Boot's {@code BOOT-INF/lib/}, a war's {@code WEB-INF/lib/}) are read too, to
 * a bounded depth and size, and found in {@code outer.jar!/BOOT-INF/lib/inner.jar}.
 */
final class JavaArchives implements Scanner {

    /** A nested archive is read into memory to be opened: bounded, as its inflated size is the archive's word. */
    private static final int MAX_NESTED = 32 << 20;
    private static final int MAX_DEPTH = 2;
    private static final int MAX_SMALL = 1 << 20;

    @Override
    public boolean claims(String path, int mode) {
        return archive(path);
    }

    @Override
    public List<SoftwarePackage> read(String path, InputStream content) throws IOException {
        List<SoftwarePackage> found = new ArrayList<>();
        read(path, content, 0, found);
        return found;
    }

    private void read(String location, InputStream content, int depth, List<SoftwarePackage> found) throws IOException {
        List<SoftwarePackage> poms = new ArrayList<>();
        List<SoftwarePackage> nested = new ArrayList<>();
        Manifest manifest = null;
        ZipInputStream zip = new ZipInputStream(content);
        try {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (name.equals("META-INF/MANIFEST.MF")) {
                    manifest = new Manifest(new ByteArrayInputStream(zip.readNBytes(MAX_SMALL)));
                } else if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
                    pom(zip.readNBytes(MAX_SMALL), location).ifPresent(poms::add);
                } else if (archive(name) && depth < MAX_DEPTH) {
                    byte[] inner = zip.readNBytes(MAX_NESTED);
                    read(location + "!/" + name, new ByteArrayInputStream(inner), depth + 1, nested);
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            // A damaged archive (or a manifest that is not one) says what it said up to there.
        }
        if (poms.isEmpty()) {
            fromManifest(location, manifest).ifPresent(found::add);
        }
        found.addAll(poms);
        found.addAll(nested);
    }

    private static Optional<SoftwarePackage> pom(byte[] bytes, String location) throws IOException {
        Properties p = new Properties();
        p.load(new ByteArrayInputStream(bytes));
        String group = p.getProperty("groupId", "").strip();
        String artifact = p.getProperty("artifactId", "").strip();
        String version = p.getProperty("version", "").strip();
        if (group.isEmpty() || artifact.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SoftwarePackage(Ecosystem.MAVEN, group + ":" + artifact, version,
                Purl.of(Ecosystem.MAVEN, group, artifact, version), location));
    }

    private static Optional<SoftwarePackage> fromManifest(String location, Manifest manifest) {
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String file = location.substring(location.lastIndexOf('/') + 1);
        // a title is a name only when it is one word ("ASM, a very small and fast ..." is a description)
        String title = Optional.ofNullable(main.getValue("Implementation-Title")).filter(t -> t.matches("[\\w.-]+"))
                .orElse(null);
        String name = first(title, main.getValue("Bundle-SymbolicName"), file.substring(0, file.lastIndexOf('.')));
        String version = first(main.getValue("Implementation-Version"), main.getValue("Bundle-Version"), "");
        // OSGi symbolic names may carry directives: "org.foo.bar;singleton:=true"
        name = name.split(";")[0].strip();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SoftwarePackage(Ecosystem.MAVEN, name, version,
                Purl.of(Ecosystem.MAVEN, "", name, version), location));
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return "";
    }

    private static boolean archive(String path) {
        return path.endsWith(".jar") || path.endsWith(".war") || path.endsWith(".ear");
    }
}
