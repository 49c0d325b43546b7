package dev.stevedore.exec.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Digest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceKeysTest {

    static final Digest A = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    static final Digest B = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));
    static final URI URL = URI.create("https://example.com/dl/app.tgz");

    @TempDir
    Path dir;

    Downloaded downloaded(String name, Digest content, Optional<Instant> lastModified) {
        return new Downloaded(dir.resolve(name), name, lastModified, content);
    }

    @Test
    void aChecksumGivesTheKeyBeforeDownloadingAndTheSameAfter() {
        assertThat(SourceKeys.urlBeforeDownload(URL, Optional.empty())).isEmpty();
        Digest before = SourceKeys.urlBeforeDownload(URL, Optional.of(A)).orElseThrow();
        Digest after = SourceKeys.url(downloaded("app.tgz", A, Optional.of(Instant.ofEpochSecond(5))), Optional.of(A));
        assertThat(after).isEqualTo(before);
        assertThat(SourceKeys.urlBeforeDownload(URI.create("https://other.example/x/app.tgz?v=2"), Optional.of(A)))
                .contains(before); // same name, same content
        assertThat(SourceKeys.urlBeforeDownload(URI.create("https://example.com/dl/other.tgz"), Optional.of(A)))
                .isNotEqualTo(Optional.of(before));
    }

    @Test
    void withoutChecksumContentNameAndLastModifiedCount() {
        Optional<Instant> t = Optional.of(Instant.ofEpochSecond(5));
        Digest key = SourceKeys.url(downloaded("app.tgz", A, t), Optional.empty());
        assertThat(SourceKeys.url(downloaded("app.tgz", A, t), Optional.empty())).isEqualTo(key);
        assertThat(Set.of(key,
                SourceKeys.url(downloaded("app.tgz", B, t), Optional.empty()),
                SourceKeys.url(downloaded("x.tgz", A, t), Optional.empty()),
                SourceKeys.url(downloaded("app.tgz", A, Optional.empty()), Optional.empty()),
                SourceKeys.url(downloaded("app.tgz", A, Optional.of(Instant.ofEpochSecond(6))), Optional.empty())))
                .hasSize(5);
    }

    @Test
    void gitKeysOnCommitSubdirAndKeepGitDir() {
        GitRef ref = GitRef.of("https://h/r.git").at("main");
        GitCheckout c1 = new GitCheckout(dir, "1".repeat(40));
        Digest key = SourceKeys.git(ref, c1, false);
        assertThat(SourceKeys.git(GitRef.of("https://mirror/r.git").at("v1"), c1, false))
                .as("same commit from elsewhere").isEqualTo(key);
        assertThat(SourceKeys.git(ref.inSubdir("./docs/"), c1, false))
                .isEqualTo(SourceKeys.git(ref.inSubdir("docs"), c1, false));
        assertThat(Set.of(key,
                SourceKeys.git(ref, new GitCheckout(dir, "2".repeat(40)), false),
                SourceKeys.git(ref.inSubdir("docs"), c1, false),
                SourceKeys.git(ref, c1, true),
                SourceKeys.git(GitRef.of("https://mirror/r.git"), c1, true))).hasSize(5);
    }

    @Test
    void archivesKeyOnContentAndKindsNeverCollide() throws Exception {
        Path file = Files.write(dir.resolve("a.tar"), "a".getBytes(StandardCharsets.UTF_8));
        assertThat(SourceKeys.archive(file)).isEqualTo(SourceKeys.archive(A));
        assertThat(SourceKeys.archive(A)).isNotEqualTo(SourceKeys.archive(B)).isNotEqualTo(A);
    }
}
