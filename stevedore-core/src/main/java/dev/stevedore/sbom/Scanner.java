package dev.stevedore.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds packages in one kind of file. {@link Catalog} asks every scanner whether it
 * {@linkplain #claims claims} each regular file an image shows, then streams the claimed ones to
 * it; a scanner keeps only what it needs and never trusts sizes or counts the file states.
 */
public sealed interface Scanner permits DpkgStatus, ApkInstalled, JavaArchives, NpmPackages, GoBinaries,
        PythonMetadata {

    /** Whether this scanner reads the regular file at {@code path} (absolute) with permission bits {@code mode}. */
    boolean claims(String path, int mode);

    /**
     * The packages {@code content}, the file at {@code path}, names.
     *
     * @throws IOException only when reading fails; content that makes no sense yields no package
     */
    List<SoftwarePackage> read(String path, InputStream content) throws IOException;

    /** Every scanner, in the order an SBOM lists their packages. */
    static List<Scanner> all() {
        return List.of(new DpkgStatus(), new ApkInstalled(), new JavaArchives(), new NpmPackages(),
                new PythonMetadata(), new GoBinaries());
    }

    /** At most {@code max} bytes of {@code in} as UTF-8 text: a database larger than that is cut, never read whole. */
    static String text(InputStream in, int max) throws IOException {
        return new String(in.readNBytes(max), StandardCharsets.UTF_8);
    }
}
