package dev.stevedore.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of the report's findings over layers made in memory: whiteouts, rewrites, tools, secrets. */
class FindingRulesTest {

    private static final Descriptor BLOB = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(new byte[0]), 1);

    @Test
    void whiteoutsHideLowerFilesAndOpaqueDirectoriesHideLowerContents() {
        FileView view = new FileView();
        view.add(layer(file("/usr/bin/gcc", "elf"), file("/opt/a/x", "1"), file("/opt/a/y", "2"), file("/opt/b", "3"),
                file("/keep", "k")), 1);
        view.add(layer(file("/usr/bin/.wh.gcc", ""), file("/opt/a/new", "4"), file("/opt/a/.wh..wh..opq", ""),
                file("/.wh.opt0", "")), 2);
        assertThat(view.all().stream().map(v -> v.member().path()))
                .containsExactlyInAnyOrder("/opt/a/new", "/opt/b", "/keep");
        assertThat(view.get("/opt/a/new").orElseThrow().layer()).isEqualTo(2);
    }

    @Test
    void aFileRewrittenWithTheSameContentIsDuplicatedAndAChangedOneIsNot() {
        Duplicates duplicates = new Duplicates();
        duplicates.add(layer(file("/app/a", "aaaa"), file("/app/b", "bb"), file("/app/c", "c")), 1, "COPY app /app");
        duplicates.add(layer(file("/app/a", "aaaa"), file("/app/b", "bb"), file("/app/c", "changed")), 2,
                "RUN chown -R app /app");
        duplicates.add(layer(file("/app/.wh.a", "")), 3, "RUN rm /app/a");
        duplicates.add(layer(file("/app/a", "aaaa")), 4, "COPY a /app/a");
        assertThat(duplicates.found()).containsExactly(
                new Finding.Duplicated(2, "RUN chown -R app /app", 2, 6, List.of("/app/a", "/app/b")));
    }

    @Test
    void aZeroByteFileRewrittenUnchangedIsNoFinding() {
        Duplicates duplicates = new Duplicates();
        duplicates.add(layer(file("/var/lib/dpkg/lock", ""), file("/app/a", "aaaa")), 1, "RUN apt-get update");
        duplicates.add(layer(file("/var/lib/dpkg/lock", "")), 2, "RUN apt-get install -y curl");
        assertThat(duplicates.found()).isEmpty();
        duplicates.add(layer(file("/var/lib/dpkg/lock", ""), file("/app/a", "aaaa")), 3, "RUN chown -R app /app");
        assertThat(duplicates.found()).containsExactly(
                new Finding.Duplicated(3, "RUN chown -R app /app", 1, 4, List.of("/app/a")));
    }

    @Test
    void toolsAreBinariesInBinDirectoriesAndCachesAreCountedWhole() {
        FileView view = new FileView();
        view.add(layer(file("/usr/bin/gcc", "12345"), symlink("/usr/bin/cc"), file("/usr/local/go/bin/go", "go"),
                file("/usr/share/doc/gcc", "not a binary"), file("/app/bin/mvnw", "wrapper"),
                file("/root/.m2/repository/org/x/x.jar", "jar"), file("/root/.m2/repository/org/y/y.jar", "jarjar"),
                file("/root/.m2/settings.xml", "s"), file("/var/lib/apt/lists/lock", ""),
                file("/var/lib/apt/lists/deb.debian.org_dists_InRelease", "rel")), 1);
        assertThat(ToolRules.find(view)).containsExactly(
                new Finding.BuildTool("go", Finding.ToolKind.COMPILER, "/usr/local/go/bin/go", 1, 2),
                new Finding.BuildTool("gcc", Finding.ToolKind.COMPILER, "/usr/bin/gcc", 1, 5),
                new Finding.BuildTool("cc", Finding.ToolKind.COMPILER, "/usr/bin/cc", 1, 0),
                new Finding.BuildTool("Maven repository", Finding.ToolKind.CACHE, "/root/.m2/repository", 2, 9),
                new Finding.BuildTool("apt package lists", Finding.ToolKind.CACHE, "/var/lib/apt/lists", 1, 3));
    }

    @Test
    void secretFilesByNameAndByContent() {
        List<Member> members = new ArrayList<>();
        members.add(file("/root/.ssh/id_rsa", "whatever"));
        members.add(file("/root/.ssh/id_rsa.pub", "ssh-rsa AAAA"));
        members.add(file("/etc/ssl/server.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcC\n"));
        members.add(file("/etc/ssl/ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n"));
        members.add(file("/app/.env", "DB_PASSWORD=x"));
        members.add(file("/app/.env.example", "DB_PASSWORD="));
        members.add(file("/home/app/.npmrc", "//registry.npmjs.org/:_authToken=npm_abc\n"));
        members.add(file("/srv/.npmrc", "registry=https://registry.npmjs.org/\n"));
        members.add(file("/root/.docker/config.json", "{\"auths\":{\"r\":{\"auth\":\"dXNlcjpwYXNz\"}}}"));
        members.add(file("/root/.aws/credentials", "[default]\naws_secret_access_key = x\n"));
        assertThat(SecretRules.files(new LayerScan(BLOB, members, java.util.OptionalLong.empty()), 3)).containsExactly(
                new Finding.SecretFile("SSH private key", "/root/.ssh/id_rsa", 3),
                new Finding.SecretFile("private key", "/etc/ssl/server.pem", 3),
                new Finding.SecretFile("dotenv file", "/app/.env", 3),
                new Finding.SecretFile("npm token", "/home/app/.npmrc", 3),
                new Finding.SecretFile("docker registry credentials", "/root/.docker/config.json", 3),
                new Finding.SecretFile("AWS credentials", "/root/.aws/credentials", 3));
    }

    @Test
    void secretEnvIsNamedOnlyWhenSetAndNeverWithItsValue() {
        assertThat(SecretRules.env(List.of("PATH=/bin", "AWS_SECRET_ACCESS_KEY=abc", "GITHUB_TOKEN=", "PUBLIC_KEY=x",
                "DB_PASSWORD=hunter2")))
                .containsExactly(new Finding.SecretEnv("AWS_SECRET_ACCESS_KEY"), new Finding.SecretEnv("DB_PASSWORD"));
    }

    @Test
    void layerPathsAreCleaned() {
        assertThat(dev.stevedore.archive.TarEntry.rooted("./usr/bin/")).isEqualTo("/usr/bin");
        assertThat(dev.stevedore.archive.TarEntry.rooted("etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(dev.stevedore.archive.TarEntry.rooted("./")).isEqualTo("/");
    }

    private static LayerScan layer(Member... members) {
        return new LayerScan(BLOB, List.of(members), java.util.OptionalLong.empty());
    }

    private static Member file(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Member(path, TarEntry.Type.FILE, bytes.length, Optional.of(Digest.sha256(bytes)),
                SecretRules.mayHoldSecret(path) ? Optional.of(content) : Optional.empty());
    }

    private static Member symlink(String path) {
        return new Member(path, TarEntry.Type.SYMLINK, 0, Optional.empty(), Optional.empty());
    }
}
