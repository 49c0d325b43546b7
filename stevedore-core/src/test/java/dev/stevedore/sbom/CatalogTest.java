package dev.stevedore.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.MediaType;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Store;
import dev.stevedore.testing.TarBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packages of a stack of layers, as a container sees its files: later layers win, whiteouts delete. */
class CatalogTest {

    @TempDir
    Path root;

    private static final String TWO = "Package: libc6\nStatus: install ok installed\nVersion: 2.36\n\n"
            + "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0\n";
    private static final String ONE = "Package: libc6\nStatus: install ok installed\nVersion: 2.36\n";

    @Test
    void topmostCopyWinsAndWhiteoutsDelete() throws Exception {
        Store store = Store.open(root);
        byte[] jar = Fixtures.jar(Map.of(), Map.of("META-INF/maven/g/lib/pom.properties", Fixtures.pomProperties("g", "lib", "1")));
        byte[] go = Fixtures.goBinary("go1.19.8", "path\tx.io/tool\nmod\tx.io/tool\tv1.0.0\t\n", 10);
        List<Descriptor> layers = List.of(
                layer(store, new TarBuilder()
                        .file("var/lib/dpkg/status", TWO)
                        .file("app/lib.jar", jar, 0644)
                        .file("app/keep.jar", jar, 0644)
                        .file("opt/web/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}")
                        .file("usr/bin/tool", go, 0644)),
                layer(store, new TarBuilder()
                        .file("var/lib/dpkg/status", ONE)
                        .file("app/.wh.lib.jar", "")
                        .file("opt/web/.wh..wh..opq", "")
                        .file("opt/web/node_modules/right-pad/package.json", "{\"name\":\"right-pad\",\"version\":\"2.0.0\"}")),
                layer(store, new TarBuilder()
                        // made executable by a later layer: now the Go scanner claims it
                        .file("usr/bin/tool", go, 0755)
                        .dir("app/keep.jar")));
        assertThat(Catalog.scan(store, layers))
                .extracting(SoftwarePackage::ecosystem, SoftwarePackage::name, SoftwarePackage::foundIn)
                .containsExactly(
                        tuple(Ecosystem.DEB, "libc6", "/var/lib/dpkg/status"),
                        tuple(Ecosystem.NPM, "right-pad", "/opt/web/node_modules/right-pad/package.json"),
                        tuple(Ecosystem.GOLANG, "stdlib", "/usr/bin/tool"),
                        tuple(Ecosystem.GOLANG, "x.io/tool", "/usr/bin/tool"));
    }

    @Test
    void onePackagePerPurl() {
        SoftwarePackage fromLock = new SoftwarePackage(Ecosystem.NPM, "a", "1", "pkg:npm/a@1", "/app/package-lock.json");
        SoftwarePackage installed = new SoftwarePackage(Ecosystem.NPM, "a", "1", "pkg:npm/a@1", "/app/node_modules/a/package.json");
        assertThat(Catalog.distinct(List.of(fromLock, installed))).containsExactly(installed);
    }

    private static Descriptor layer(Store store, TarBuilder tar) {
        byte[] bytes = tar.gzip();
        Blob blob = store.blobs().put(bytes);
        return new Descriptor(MediaType.OCI_LAYER_GZIP, blob.digest(), blob.size());
    }
}
