package dev.stevedore.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alpine packages: apk's {@code /lib/apk/db/installed}, one paragraph of {@code K:value} lines
 * per package ({@code P} the name, {@code V} the version, {@code A} the architecture).
 */
final class ApkInstalled implements Scanner {

    private static final String INSTALLED = "/lib/apk/db/installed";
    private static final int MAX = 64 << 20;

    @Override
    public boolean claims(String path, int mode) {
        return path.equals(INSTALLED);
    }

    @Override
    public List<SoftwarePackage> read(String path, InputStream content) throws IOException {
        List<SoftwarePackage> found = new ArrayList<>();
        for (Map<String, String> p : Stanzas.parse(Scanner.text(content, MAX), ':')) {
            String name = p.getOrDefault("P", "");
            if (name.isEmpty()) {
                continue;
            }
            String version = p.getOrDefault("V", "");
            found.add(new SoftwarePackage(Ecosystem.APK, name, version,
                    Purl.of(Ecosystem.APK, "alpine", name, version, Map.of("arch", p.getOrDefault("A", ""))), path));
        }
        return found;
    }
}
