package dev.stevedore.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stevedore.testing.Prerequisites;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each scanner on files made here: what it claims, and name, version, purl and file of what it finds. */
class ScannersTest {

    private static List<SoftwarePackage> read(Scanner s, String path, byte[] content) throws IOException {
        assertThat(s.claims(path, 0644 | (s instanceof GoBinaries ? 0111 : 0))).as("claims " + path).isTrue();
        return s.read(path, new ByteArrayInputStream(content));
    }

    private static List<SoftwarePackage> read(Scanner s, String path, String content) throws IOException {
        return read(s, path, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dpkgStatusCountsInstalledPackagesOnly() throws IOException {
        String status = """
                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Version: 2.36-9+deb12u4
                Description: GNU C Library
                 continuation line: Package: not-a-package

                Package: oldpkg
                Status: deinstall ok config-files
                Version: 1.0

                Package: bash
                Status: install ok installed
                Architecture: amd64
                Version: 5.2.15-2+b2
                """;
        assertThat(read(new DpkgStatus(), "/var/lib/dpkg/status", status))
                .extracting(SoftwarePackage::name, SoftwarePackage::version, SoftwarePackage::purl, SoftwarePackage::foundIn)
                .containsExactly(
                        tuple("libc6", "2.36-9+deb12u4", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64",
                                "/var/lib/dpkg/status"),
                        tuple("bash", "5.2.15-2+b2", "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64", "/var/lib/dpkg/status"));
    }

    @Test
    void dpkgStatusDirectoryHoldsOnePackagePerFile() throws IOException {
        DpkgStatus dpkg = new DpkgStatus();
        assertThat(read(dpkg, "/var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4\nArchitecture: amd64\n"))
                .extracting(SoftwarePackage::name, SoftwarePackage::version).containsExactly(tuple("base-files", "12.4"));
        assertThat(dpkg.claims("/var/lib/dpkg/status.d/base-files.md5sums", 0644)).isFalse();
        assertThat(dpkg.claims("/var/lib/dpkg/status-old", 0644)).isFalse();
    }

    @Test
    void apkInstalledDatabase() throws IOException {
        String db = "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nT:the musl c library\n\nP:busybox\nV:1.36.1-r5\nA:x86_64\n";
        assertThat(read(new ApkInstalled(), "/lib/apk/db/installed", db))
                .extracting(SoftwarePackage::name, SoftwarePackage::purl)
                .containsExactly(tuple("musl", "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64"),
                        tuple("busybox", "pkg:apk/alpine/busybox@1.36.1-r5?arch=x86_64"));
    }

    @Test
    void jarsByPomPropertiesAlsoNestedInFatJars() throws IOException {
        byte[] inner = Fixtures.jar(Map.of(), Map.of("META-INF/maven/org.slf4j/slf4j-api/pom.properties",
                Fixtures.pomProperties("org.slf4j", "slf4j-api", "2.0.9")));
        byte[] plain = Fixtures.jar(Map.of("Implementation-Title", "legacy-lib", "Implementation-Version", "3.1"), Map.of());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/maven/com.example/app/pom.properties", Fixtures.pomProperties("com.example", "app", "1.0.0"));
        entries.put("BOOT-INF/lib/slf4j-api-2.0.9.jar", inner);
        entries.put("BOOT-INF/lib/legacy.jar", plain);
        byte[] fat = Fixtures.jar(Map.of("Main-Class", "com.example.App"), entries);
        assertThat(read(new JavaArchives(), "/app/app.jar", fat))
                .extracting(SoftwarePackage::name, SoftwarePackage::version, SoftwarePackage::purl, SoftwarePackage::foundIn)
                .containsExactly(
                        tuple("com.example:app", "1.0.0", "pkg:maven/com.example/app@1.0.0", "/app/app.jar"),
                        tuple("org.slf4j:slf4j-api", "2.0.9", "pkg:maven/org.slf4j/slf4j-api@2.0.9",
                                "/app/app.jar!/BOOT-INF/lib/slf4j-api-2.0.9.jar"),
                        tuple("legacy-lib", "3.1", "pkg:maven/legacy-lib@3.1", "/app/app.jar!/BOOT-INF/lib/legacy.jar"));
    }

    @Test
    void aTitleThatIsADescriptionIsNoName() throws IOException {
        byte[] jar = Fixtures.jar(Map.of("Implementation-Title", "ASM, a very small and fast Java bytecode framework",
                "Bundle-SymbolicName", "org.objectweb.asm", "Bundle-Version", "9.4"), Map.of());
        assertThat(read(new JavaArchives(), "/usr/share/java/asm.jar", jar))
                .extracting(SoftwarePackage::name, SoftwarePackage::version).containsExactly(tuple("org.objectweb.asm", "9.4"));
    }

    @Test
    void aDamagedJarYieldsWhatItSaidBeforeTheDamage() throws IOException {
        assertThat(read(new JavaArchives(), "/x.jar", "not a zip at all")).extracting(SoftwarePackage::name)
                .containsExactly("x");
    }

    @Test
    void npmInstalledPackagesScopedOnesIncluded() throws IOException {
        NpmPackages npm = new NpmPackages();
        assertThat(read(npm, "/app/node_modules/@babel/core/package.json", "{\"name\":\"@babel/core\",\"version\":\"7.23.0\"}"))
                .extracting(SoftwarePackage::purl, SoftwarePackage::foundIn)
                .containsExactly(tuple("pkg:npm/%40babel/core@7.23.0", "/app/node_modules/@babel/core/package.json"));
        assertThat(read(npm, "/app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.21\"}"))
                .extracting(SoftwarePackage::purl).containsExactly("pkg:npm/lodash@4.17.21");
        assertThat(npm.claims("/app/package.json", 0644)).as("the application itself is no installed package").isFalse();
        assertThat(npm.claims("/app/node_modules/lodash/lib/package.json", 0644)).isFalse();
        assertThat(npm.claims("/app/node_modules/.package-lock.json", 0644)).isFalse();
        assertThat(read(npm, "/app/node_modules/broken/package.json", "{not json")).isEmpty();
    }

    @Test
    void npmLockFilesVersionThreeAndOne() throws IOException {
        String v3 = """
                {"name":"app","lockfileVersion":3,"packages":{
                  "":{"name":"app","version":"1.0.0"},
                  "node_modules/express":{"version":"4.18.2"},
                  "node_modules/express/node_modules/debug":{"version":"2.6.9"}}}
                """;
        assertThat(read(new NpmPackages(), "/app/package-lock.json", v3))
                .extracting(SoftwarePackage::name, SoftwarePackage::version)
                .containsExactly(tuple("express", "4.18.2"), tuple("debug", "2.6.9"));
        String v1 = """
                {"name":"app","lockfileVersion":1,"dependencies":{
                  "express":{"version":"4.17.1","dependencies":{"debug":{"version":"2.6.9"}}}}}
                """;
        assertThat(read(new NpmPackages(), "/app/package-lock.json", v1))
                .extracting(SoftwarePackage::name, SoftwarePackage::version)
                .containsExactly(tuple("express", "4.17.1"), tuple("debug", "2.6.9"));
    }

    @Test
    void pythonDistInfoAndEggInfo() throws IOException {
        PythonMetadata py = new PythonMetadata();
        assertThat(read(py, "/usr/lib/python3/dist-packages/Flask_Login-0.6.3.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: Flask_Login\nVersion: 0.6.3\n\nName: not-me\n"))
                .extracting(SoftwarePackage::name, SoftwarePackage::purl)
                .containsExactly(tuple("Flask_Login", "pkg:pypi/flask-login@0.6.3"));
        assertThat(read(py, "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO",
                "Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\n"))
                .extracting(SoftwarePackage::purl).containsExactly("pkg:pypi/six@1.16.0");
    }

    private static final String MOD_INFO = String.join("\n",
            "path\texample.com/myapp",
            "mod\texample.com/myapp\t(devel)\t",
            "dep\tgolang.org/x/text\tv0.14.0\th1:abc=",
            "dep\tgithub.com/old/thing\tv1.0.0\th1:def=",
            "=>\tgithub.com/new/thing\tv1.2.0\th1:ghi=",
            "build\t-compiler=gc",
            "build\tGOOS=linux", "");

    @Test
    void goBuildInfoFromAnElfFile() throws IOException {
        List<SoftwarePackage> found = read(new GoBinaries(), "/root/myapp", Fixtures.goBinary("go1.19.8", MOD_INFO, 4096));
        assertThat(found).extracting(SoftwarePackage::name, SoftwarePackage::version, SoftwarePackage::purl)
                .containsExactly(
                        tuple("stdlib", "go1.19.8", "pkg:golang/stdlib@1.19.8"),
                        tuple("example.com/myapp", "(devel)", "pkg:golang/example.com/myapp@%28devel%29"),
                        tuple("golang.org/x/text", "v0.14.0", "pkg:golang/golang.org/x/text@v0.14.0"),
                        tuple("github.com/new/thing", "v1.2.0", "pkg:golang/github.com/new/thing@v1.2.0"));
        assertThat(found).allMatch(p -> p.foundIn().equals("/root/myapp"));
    }

    @Test
    void goBuildInfoStraddlingTheReadChunksIsFound() throws IOException {
        // the scanner reads 64 KiB at a time: put the magic across the first boundary
        byte[] binary = Fixtures.goBinary("go1.21.0", MOD_INFO, 64 * 1024 - 8 - 4 - 5);
        assertThat(read(new GoBinaries(), "/app", binary)).extracting(SoftwarePackage::name).contains("golang.org/x/text");
    }

    @Test
    void goScannerIgnoresNonElfAndTruncatedBlobs() throws IOException {
        byte[] binary = Fixtures.goBinary("go1.21.0", MOD_INFO, 100);
        byte[] notElf = binary.clone();
        notElf[1] = 'X';
        assertThat(read(new GoBinaries(), "/a", notElf)).isEmpty();
        byte[] truncated = java.util.Arrays.copyOf(binary, 8 + 100 + 32 + 5);
        assertThat(read(new GoBinaries(), "/a", truncated)).isEmpty();
        assertThat(new GoBinaries().claims("/usr/share/doc/readme", 0644)).isFalse();
    }

    /**
     * A real Go binary of this machine's. Debian builds runc outside module mode: its build info
     * names the main package but no module, so that path is the package, without a version.
     */
    @Test
    void goBuildInfoOfARealBinary() throws IOException {
        Path runc = Prerequisites.tool("runc").toRealPath();
        try (InputStream in = Files.newInputStream(runc)) {
            List<SoftwarePackage> found = new GoBinaries().read(runc.toString(), in);
            assertThat(found).extracting(SoftwarePackage::name).containsExactly("stdlib", "github.com/opencontainers/runc");
            assertThat(found.getFirst().version()).startsWith("go1.");
            assertThat(found.getLast().purl()).isEqualTo("pkg:golang/github.com/opencontainers/runc");
        }
    }
}
