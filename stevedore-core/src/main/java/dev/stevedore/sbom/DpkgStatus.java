package dev.stevedore.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian packages: dpkg's {@code /var/lib/dpkg/status}, and the one-package files of
 * {@code /var/lib/dpkg/status.d/} that distroless images carry instead. A package counts when its
 * {@code Status} ends in {@code installed} (removed packages whose config files stay are
 * {@code deinstall ok config-files}); {@code status.d} files have no status and always count.
 */
final class DpkgStatus implements Scanner {

    private static final String STATUS = "/var/lib/dpkg/status";
    private static final String STATUS_D = "/var/lib/dpkg/status.d/";
    /** A full Debian install's status file is a few MB. */
    private static final int MAX = 64 << 20;

    @Override
    public boolean claims(String path, int mode) {
        return path.equals(STATUS)
                || (path.startsWith(STATUS_D) && path.indexOf('/', STATUS_D.length()) < 0 && !path.endsWith(".md5sums"));
    }

    @Override
    public List<SoftwarePackage> read(String path, InputStream content) throws IOException {
        List<SoftwarePackage> found = new ArrayList<>();
        for (Map<String, String> p : Stanzas.parse(Scanner.text(content, MAX), ':')) {
            String name = p.getOrDefault("Package", "");
            String status = p.getOrDefault("Status", "install ok installed");
            if (name.isEmpty() || !status.endsWith(" installed")) {
                continue;
            }
            String version = p.getOrDefault("Version", "");
            String arch = p.getOrDefault("Architecture", "");
            found.add(new SoftwarePackage(Ecosystem.DEB, name, version,
                    Purl.of(Ecosystem.DEB, "debian", name, version, Map.of("arch", arch)), path));
        }
        return found;
    }
}
