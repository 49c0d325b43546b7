package dev.stevedore.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.api.PushedImage;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.Store;
import dev.stevedore.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect}'s {@code RepoDigests}, as Docker's: none for an image only made here; the
 * registry's {@code name@digest} once it was pushed there or pulled from there; gone with its tags.
 */
class RepoDigestsTest {

    @TempDir
    Path tmp;

    @Test
    void onlyImagesThatCameFromOrWentToARegistryHaveRepoDigests() throws Exception {
        Images local = new Images(Store.open(tmp.resolve("a")), Clock.systemUTC());
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "box\n");
        local.importImage(new ImportRequest(new ImportRequest.FromPath(rootfs.getParent()),
                Optional.of(ImageReference.parse("box")), List.of(), Optional.empty(), Optional.empty(), ""));
        assertThat(local.inspect(List.of("box"))).as("made here").contains("\"RepoDigests\" : [ ]");

        try (TestRegistry registry = TestRegistry.start()) {
            ImageReference dest = ImageReference.parse(registry.host() + "/team/box:1");
            PushedImage pushed = local.push("box", Optional.of(dest), RegistryOptions.defaults());
            String entry = registry.host() + "/team/box@" + pushed.pushed().digest();
            assertThat(local.inspect(List.of("box"))).as("pushed")
                    .contains("\"RepoDigests\" : [ \"" + entry + "\" ]");
            local.push("box", Optional.of(dest), RegistryOptions.defaults());
            assertThat(local.inspect(List.of("box"))).as("pushed again to the same repository: one entry")
                    .contains("\"RepoDigests\" : [ \"" + entry + "\" ]");

            Images other = new Images(Store.open(tmp.resolve("b")), Clock.systemUTC());
            other.pull(dest, Platform.host(), RegistryOptions.defaults());
            assertThat(other.inspect(List.of(dest.toString()))).as("pulled")
                    .contains("\"RepoDigests\" : [ \"" + entry + "\" ]");
            other.tag(dest.toString(), "mine:1");
            assertThat(other.inspect(List.of("mine:1"))).as("the image's, whichever of its names is asked")
                    .contains("\"RepoDigests\" : [ \"" + entry + "\" ]");
        }
        local.remove(List.of("box"), false);
        local.importImage(new ImportRequest(new ImportRequest.FromPath(rootfs.getParent()),
                Optional.of(ImageReference.parse("box")), List.of(), Optional.empty(), Optional.empty(), ""));
        assertThat(local.inspect(List.of("box"))).as("the push went with the tag").contains("\"RepoDigests\" : [ ]");
    }
}
