package dev.stevedore.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python distributions: {@code *.dist-info/METADATA} (wheels, pip) and
 * {@code *.egg-info/PKG-INFO} (Debian's python3-* packages), whose header paragraph has
 * {@code Name:} and {@code Version:}. The purl's name is normalized as PyPI does
 * ({@code Foo_Bar} → {@code foo-bar}).
 */
final class PythonMetadata implements Scanner {

    /** The headers come first; the long description after them is not needed. */
    private static final int MAX = 1 << 20;

    @Override
    public boolean claims(String path, int mode) {
        return path.endsWith(".dist-info/METADATA") || path.endsWith(".egg-info/PKG-INFO");
    }

    @Override
    public List<SoftwarePackage> read(String path, InputStream content) throws IOException {
        List<Map<String, String>> stanzas = Stanzas.parse(Scanner.text(content, MAX), ':');
        if (stanzas.isEmpty()) {
            return List.of();
        }
        String name = stanzas.getFirst().getOrDefault("Name", "");
        String version = stanzas.getFirst().getOrDefault("Version", "");
        if (name.isEmpty()) {
            return List.of();
        }
        String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
        return List.of(new SoftwarePackage(Ecosystem.PYPI, name, version,
                Purl.of(Ecosystem.PYPI, "", normalized, version), path));
    }
}
