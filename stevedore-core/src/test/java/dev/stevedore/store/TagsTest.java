package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagsTest {

    private static final String ALPINE = "docker.io/library/alpine:latest";

    @TempDir
    Path root;

    private Store store;
    private TestImage image;

    @BeforeEach
    void open() {
        store = Store.open(root);
        image = TestImage.write(store.blobs(), "hello.txt", "hi\n");
    }

    @Test
    void tagWritesAnIndexEntryWithTheRefNameAnnotation() throws IOException {
        Tag tag = store.tags().tag(ALPINE, image.manifest());

        assertThat(tag.descriptor().annotations()).containsEntry(Tags.REF_NAME, ALPINE);
        JsonNode index = new ObjectMapper().readTree(root.resolve("oci/index.json").toFile());
        assertThat(index.get("manifests")).hasSize(1);
        JsonNode entry = index.get("manifests").get(0);
        assertThat(entry.get("mediaType").asText()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(entry.get("digest").asText()).isEqualTo(image.manifest().digest().toString());
        assertThat(entry.get("size").asLong()).isEqualTo(image.manifest().size());
        assertThat(entry.at("/annotations/org.opencontainers.image.ref.name").asText()).isEqualTo(ALPINE);
    }

    /** A rebuild that changed nothing tags again: the index is neither rewritten nor synced. */
    @Test
    void taggingAgainWithTheSameImageLeavesTheIndexFileAlone() throws IOException {
        store.tags().tag(ALPINE, image.manifest());
        store.tags().tag("example.com/app:1", image.manifest());
        Path index = root.resolve("oci/index.json");
        Object inode = Files.getAttribute(index, "unix:ino");
        var modified = Files.getLastModifiedTime(index);

        Tag again = store.tags().tag(ALPINE, image.manifest());

        assertThat(again.descriptor().annotations()).containsEntry(Tags.REF_NAME, ALPINE);
        assertThat(Files.getAttribute(index, "unix:ino")).isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(index)).isEqualTo(modified);
        TestImage other = TestImage.write(store.blobs(), "other.txt", "other\n");
        store.tags().tag(ALPINE, other.manifest());
        assertThat(Files.getAttribute(index, "unix:ino")).isNotEqualTo(inode);
        assertThat(store.tags().resolve(ALPINE).digest()).isEqualTo(other.manifest().digest());
    }

    @Test
    void resolveListAndFind() {
        store.tags().tag(ALPINE, image.manifest());
        store.tags().tag("example.com/app:1", image.manifest());

        assertThat(store.tags().resolve(ALPINE).digest()).isEqualTo(image.manifest().digest());
        assertThat(store.tags().list()).extracting(Tag::name).containsExactly(ALPINE, "example.com/app:1");
        assertThat(store.tags().find("nope")).isEmpty();
    }

    @Test
    void retaggingReplacesTheOldEntry() {
        TestImage other = TestImage.write(store.blobs(), "other.txt", "other");
        store.tags().tag(ALPINE, image.manifest());
        store.tags().tag(ALPINE, other.manifest());

        assertThat(store.tags().list()).singleElement()
                .satisfies(t -> assertThat(t.descriptor().digest()).isEqualTo(other.manifest().digest()));
    }

    @Test
    void untagRemovesOnlyThatName() {
        store.tags().tag(ALPINE, image.manifest());
        store.tags().tag("example.com/app:1", image.manifest());

        assertThat(store.tags().untag(ALPINE)).isTrue();
        assertThat(store.tags().untag(ALPINE)).isFalse();
        assertThat(store.tags().list()).extracting(Tag::name).containsExactly("example.com/app:1");
        assertThat(store.blobs().exists(image.manifest().digest())).isTrue();
    }

    @Test
    void resolvingAnUnknownNameIsNotFound() {
        assertThatThrownBy(() -> store.tags().resolve("example.com/nope:1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("image example.com/nope:1 not found in store " + root);
    }

    @Test
    void taggingAMissingBlobIsNotFound() {
        Digest missing = Digest.sha256(new byte[] {42});
        assertThatThrownBy(() -> store.tags().tag(ALPINE, new Descriptor(MediaType.OCI_MANIFEST, missing, 1)))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("cannot tag " + ALPINE + ": blob " + missing + " not found in store " + root);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "UPPER/ok:1", "a//b", "-a", "a b", "a:", "/abs", "a/../b", "a\nb"})
    void invalidNamesAreRejected(String name) {
        if (name.equals("UPPER/ok:1")) {
            // The OCI grammar allows upper case; normalizing references is the caller's job.
            store.tags().tag(name, image.manifest());
            return;
        }
        assertThatThrownBy(() -> store.tags().tag(name, image.manifest()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid image name \"" + name
                        + "\": an OCI ref name is alphanumeric parts joined by - . _ : @ + or /");
    }

    @Test
    void digestReferencesAreValidNames() {
        String name = "docker.io/library/alpine@" + image.manifest().digest();
        store.tags().tag(name, image.manifest());
        assertThat(store.tags().resolve(name).digest()).isEqualTo(image.manifest().digest());
    }

    @Test
    void platformAndAnnotationsRoundTrip() {
        Descriptor d = new Descriptor(MediaType.OCI_MANIFEST, image.manifest().digest(), image.manifest().size(),
                Map.of("org.example", "x"), Optional.of(new Platform("linux", "arm64", Optional.of("v8"))));
        store.tags().tag(ALPINE, d);

        Descriptor back = store.tags().resolve(ALPINE);
        assertThat(back.platform()).contains(new Platform("linux", "arm64", Optional.of("v8")));
        assertThat(back.annotations()).containsEntry("org.example", "x").containsEntry(Tags.REF_NAME, ALPINE);
    }

    @Test
    void foreignEntriesAndFieldsAreKept() throws IOException {
        Path index = root.resolve("oci/index.json");
        Files.writeString(index, """
                {"schemaVersion":2,"x-extra":true,"manifests":[
                  {"mediaType":"%s","digest":"%s","size":%d,"urls":["u"]}]}"""
                .formatted(MediaType.OCI_MANIFEST, image.manifest().digest(), image.manifest().size()));

        store.tags().tag(ALPINE, image.manifest());

        JsonNode json = new ObjectMapper().readTree(index.toFile());
        assertThat(json.get("x-extra").asBoolean()).isTrue();
        assertThat(json.get("manifests")).hasSize(2);
        assertThat(json.at("/manifests/0/urls/0").asText()).isEqualTo("u");
        assertThat(store.tags().list()).extracting(Tag::name).containsExactly(ALPINE);
    }

    @Test
    void indexThatIsNotJsonIsReported() throws IOException {
        Files.writeString(root.resolve("oci/index.json"), "[1,2]");
        assertThatThrownBy(() -> store.tags().list())
                .isInstanceOf(dev.stevedore.diag.InternalException.class)
                .hasMessage(root.resolve("oci/index.json") + " is not a JSON object; run fsck");
    }
}
