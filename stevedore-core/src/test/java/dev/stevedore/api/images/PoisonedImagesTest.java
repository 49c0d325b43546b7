package dev.stevedore.api.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.FsckProblem;
import dev.stevedore.store.Store;
import dev.stevedore.testing.HostileImages;
import dev.stevedore.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No image may poison the store: what a registry or an archive hands us is checked before it
 * is tagged, and a broken tag already in a store (from an older version, or a damaged disk)
 * is skipped and named by every listing, found by fsck and untagged by its repair.
 */
class PoisonedImagesTest {

    @TempDir
    Path tmp;

    @Test
    void aPulledImageWhoseConfigIsNotJsonIsNotTagged() {
        Store source = Store.open(tmp.resolve("source"));
        HostileImages hostile = new HostileImages();
        Descriptor manifest = hostile.imageWithConfig("this is not JSON");
        hostile.writeTo(source);
        source.tags().tag("bad:1", manifest);
        try (TestRegistry registry = TestRegistry.start();
             RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            ImageReference ref = ImageReference.parse(registry.host() + "/bad:1");
            client.push(source, "bad:1", ref);
            Store store = Store.open(tmp.resolve("store"));

            assertThatThrownBy(() -> client.pull(ref, Platform.of("linux", "amd64"), store))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("pull " + ref)
                    .hasMessageContaining("was not tagged")
                    .hasMessageContaining("malformed JSON");
            assertThat(store.tags().list()).isEmpty();
        }
    }

    @Test
    void aLoadedArchiveWithAnIndexInAnIndexIsRefusedWithASentence() {
        HostileImages hostile = new HostileImages();
        Descriptor inner = hostile.index(List.of(hostile.image("a", "1")));
        Descriptor outer = hostile.index(List.of(inner));
        byte[] archive = hostile.ociArchive(List.of(outer), "docker.io/library/nested:1");
        Images images = new Images(Store.open(tmp.resolve("store")), Clock.systemUTC());

        assertThatThrownBy(() -> images.load(new ByteArrayInputStream(archive), "nested.tar"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("nested.tar is a broken image archive: index " + outer.digest()
                        + " lists another index (" + inner.digest() + "); nested indexes are not supported");
        assertThat(images.store().tags().list()).isEmpty();
        assertThat(images.list()).isEmpty();
    }

    @Test
    void brokenTagsAreSkippedAndNamedByEveryListingFoundByFsckAndUntaggedByRepair() {
        Store store = Store.open(tmp.resolve("store"));
        HostileImages hostile = new HostileImages();
        Descriptor good = hostile.image("a", "good");
        Descriptor notJson = hostile.imageWithConfig("{not json");
        Descriptor inner = hostile.index(List.of(good));
        Descriptor nested = hostile.index(List.of(inner));
        hostile.writeTo(store);
        // What older versions accepted: tags are set without the checks of pull and load.
        store.tags().tag("docker.io/library/good:1", good);
        store.tags().tag("docker.io/library/notjson:1", notJson);
        store.tags().tag("docker.io/library/nested:1", nested);
        Images images = new Images(store, Clock.systemUTC());

        assertThat(images.list()).extracting(ImageSummary::repository).containsExactly("good");
        assertThat(images.broken()).extracting(BrokenImage::tags).containsExactly(
                List.of("docker.io/library/notjson:1"), List.of("docker.io/library/nested:1"));
        assertThat(images.broken().getFirst().sentence())
                .startsWith("image docker.io/library/notjson:1 is broken: image config ")
                .contains("malformed JSON")
                .endsWith("(stevedore rmi or stevedore fsck --repair removes its tag)");
        assertThat(images.inspect(List.of("good:1"))).contains(good.digest().toString());
        assertThatThrownBy(() -> images.inspect(List.of("notjson:1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("image docker.io/library/notjson:1 is broken");
        assertThat(images.prune(false).blobs().removed()).isEmpty();

        List<FsckProblem> problems = images.fsck(false).problems();
        assertThat(problems).extracting(FsckProblem::message).anySatisfy(m -> assertThat(m)
                .startsWith("tag docker.io/library/notjson:1 is broken: image config"));
        assertThat(problems).extracting(FsckProblem::message).contains("tag docker.io/library/nested:1 is broken: "
                + "index " + nested.digest() + " lists another index (" + inner.digest() + "); nested indexes are not supported");
        images.fsck(true);
        assertThat(images.fsck(false).problems()).isEmpty();
        assertThat(images.broken()).isEmpty();
        assertThat(store.tags().list()).extracting(t -> t.name()).containsExactly("docker.io/library/good:1");
    }

    @Test
    void rmiRemovesABrokenTagByName() {
        Store store = Store.open(tmp.resolve("store"));
        HostileImages hostile = new HostileImages();
        Descriptor notJson = hostile.imageWithConfig("[]");
        hostile.writeTo(store);
        store.tags().tag("docker.io/library/notjson:1", notJson);
        Images images = new Images(store, Clock.systemUTC());

        assertThat(images.remove(List.of("notjson:1"), false))
                .containsExactly(new Images.Removal.Untagged("notjson:1"));
        assertThat(store.tags().list()).isEmpty();
    }
}
