package dev.stevedore.api.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image-management door: names, ids, tags, removal, save/load and their errors. */
class ImagesTest {

    static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

    @TempDir
    Path tmp;

    Images images;
    Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        images = new Images(Store.open(tmp.resolve("store")), Clock.fixed(NOW, ZoneOffset.UTC));
        rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "box\n");
    }

    private ImportResult importDir(String name, String... changes) {
        return images.importImage(new ImportRequest(new ImportRequest.FromPath(rootfs.getParent()),
                Optional.ofNullable(name).map(ImageReference::parse), List.of(changes), Optional.empty(),
                Optional.empty(), ""));
    }

    @Test
    void importMakesAOneLayerOciImageTaggedByItsFullName() {
        ImportResult result = importDir("box", "CMD [\"sh\"]");
        assertThat(result.tag()).map(Object::toString).contains("docker.io/library/box:latest");
        LocalImage image = images.resolve("box");
        assertThat(image.id()).isEqualTo(result.id());
        var config = image.image().config().value();
        assertThat(config.created()).contains(NOW);
        assertThat(config.platform()).isEqualTo(Platform.host());
        assertThat(config.history()).singleElement().satisfies(h -> {
            assertThat(h.createdBy()).isEqualTo("stevedore import");
            assertThat(h.comment()).isEqualTo("Imported from " + rootfs.getParent());
        });
        assertThat(config.config().cmd()).containsExactly("sh");
        assertThat(image.image().manifest().value().layers()).singleElement()
                .satisfies(l -> assertThat(l.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
    }

    @Test
    void importTakesPlatformMessageAndCreatedTime() {
        ImportResult r = images.importImage(new ImportRequest(new ImportRequest.FromPath(rootfs.getParent()),
                Optional.of(ImageReference.parse("arm")), List.of(), Optional.of(Platform.parse("linux/arm64")),
                Optional.of(Instant.EPOCH), "from a test"));
        var config = images.resolve(r.id().toString()).image().config().value();
        assertThat(config.architecture()).isEqualTo("arm64");
        assertThat(config.created()).contains(Instant.EPOCH);
        assertThat(config.history().getFirst().comment()).isEqualTo("from a test");
    }

    @Test
    void importOfTheSameDirectoryIsReproducibleWithAFixedTime() {
        assertThat(importDir("a").id()).isEqualTo(importDir("b").id());
    }

    @Test
    void importFromAStreamKeepsTheTarAndRecompressesIt() throws IOException {
        byte[] tar = tar("hello", "world\n");
        ImportResult r = images.importImage(new ImportRequest(new ImportRequest.FromStream(
                new ByteArrayInputStream(gzip(tar))), Optional.of(ImageReference.parse("s")), List.of(),
                Optional.empty(), Optional.empty(), ""));
        var config = images.resolve("s").image().config().value();
        assertThat(config.rootfs().diffIds()).containsExactly(dev.stevedore.oci.Digest.sha256(tar));
        assertThat(config.history().getFirst().comment()).isEqualTo("Imported from -");
        assertThat(r.id()).isEqualTo(images.resolve("s").id());
    }

    @Test
    void importErrorsAreSentencesAndLeaveNoTag() throws IOException {
        Path missing = tmp.resolve("nope.tar");
        assertThatThrownBy(() -> images.importImage(request(missing, "x")))
                .isInstanceOf(NotFoundException.class).hasMessage("import source " + missing + " does not exist");
        Path text = Files.writeString(tmp.resolve("text.tar"), "this is not a tar archive at all".repeat(20));
        assertThatThrownBy(() -> images.importImage(request(text, "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(text + " is not a tar archive (its first header's checksum is wrong)");
        Path badGzip = Files.write(tmp.resolve("bad.tgz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertThatThrownBy(() -> images.importImage(request(badGzip, "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the gzip stream of " + badGzip + " is corrupt or truncated");
        assertThatThrownBy(() -> importDir("x", "RUN true")).hasMessageContaining("RUN cannot be applied");
        assertThat(images.list()).isEmpty();
    }

    private ImportRequest request(Path source, String name) {
        return new ImportRequest(new ImportRequest.FromPath(source), Optional.of(ImageReference.parse(name)),
                List.of(), Optional.empty(), Optional.empty(), "");
    }

    @Test
    void imagesAreFoundByNameFullIdShortIdAndPrefix() {
        ImportResult r = importDir("box");
        String hex = r.id().hex();
        for (String name : List.of("box", "box:latest", "docker.io/library/box:latest", r.id().toString(), hex,
                hex.substring(0, 12), hex.substring(0, 3), "sha256:" + hex.substring(0, 5))) {
            assertThat(images.resolve(name).id()).as(name).isEqualTo(r.id());
        }
    }

    @Test
    void unknownAmbiguousAndMalformedNamesAreOneSentence() throws IOException {
        importDir("box");
        assertThatThrownBy(() -> images.resolve("nothere")).isInstanceOf(NotFoundException.class)
                .hasMessage("No such image: nothere");
        assertThatThrownBy(() -> images.resolve("box:other")).hasMessage("No such image: box:other");
        assertThatThrownBy(() -> images.resolve("Box")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid reference format: ");
        assertThatThrownBy(() -> images.resolve("")).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid reference format: an image name must not be empty");
        // Many images: some pair shares a first hex digit.
        for (int i = 0; i < 20; i++) {
            Files.writeString(rootfs.resolve("n"), "" + i);
            importDir("img" + i);
        }
        String ambiguous = images.list().stream().map(s -> s.id().hex().substring(0, 1))
                .filter(c -> images.list().stream().filter(s -> s.id().hex().startsWith(c)).map(s -> s.id())
                        .distinct().count() > 1)
                .findFirst().orElseThrow();
        assertThatThrownBy(() -> images.resolve(ambiguous)).isInstanceOf(ConflictException.class)
                .hasMessageStartingWith("image id prefix " + ambiguous + " is ambiguous: it matches ");
    }

    @Test
    void tagAndRemove() {
        ImportResult r = importDir("box");
        assertThat(images.tag("box", "localhost:5000/team/box:1")).hasToString("localhost:5000/team/box:1");
        images.tag(r.id().hex().substring(0, 12), "other");
        assertThat(images.list()).extracting(ImageSummary::repository)
                .containsExactlyInAnyOrder("box", "localhost:5000/team/box", "other");
        assertThatThrownBy(() -> images.tag("box", "Bad Name")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid reference format");
        assertThatThrownBy(() -> images.tag("missing", "x")).hasMessage("No such image: missing");

        assertThat(images.remove(List.of("other"), false)).containsExactly(new Images.Removal.Untagged("other:latest"));
        assertThatThrownBy(() -> images.remove(List.of(r.id().hex().substring(0, 12)), false))
                .isInstanceOf(ConflictException.class)
                .hasMessage("unable to delete " + r.id().hex().substring(0, 12)
                        + " (must be forced): image is referenced in multiple repositories");
        assertThat(images.remove(List.of(r.id().toString()), true)).containsExactlyInAnyOrder(
                new Images.Removal.Untagged("box:latest"), new Images.Removal.Untagged("localhost:5000/team/box:1"));
        assertThat(images.list()).isEmpty();
        assertThat(images.prune(false).blobs().removed()).hasSize(3);
    }

    @Test
    void rmiRemovesExactlyTheNamesGivenEvenWithForce() {
        ImportResult r = importDir("box:1");
        images.tag("box:1", "other");
        images.tag("box:1", "localhost:5000/team/box:2");
        images.tag("box:1", "third:3");
        assertThat(images.remove(List.of("box:1"), true)).containsExactly(new Images.Removal.Untagged("box:1"));
        assertThat(images.list()).extracting(s -> s.repository() + ":" + s.tag())
                .containsExactlyInAnyOrder("other:latest", "localhost:5000/team/box:2", "third:3");
        assertThat(images.remove(List.of("docker.io/library/other:latest", "localhost:5000/team/box:2"), true))
                .containsExactly(new Images.Removal.Untagged("other:latest"),
                        new Images.Removal.Untagged("localhost:5000/team/box:2"));
        assertThatThrownBy(() -> images.remove(List.of("box:1"), true)).hasMessage("No such image: box:1");
        // the last name goes without -f: nothing else uses an image here
        assertThat(images.remove(List.of("third:3"), false)).containsExactly(new Images.Removal.Untagged("third:3"));
        assertThat(images.list()).isEmpty();
        assertThatThrownBy(() -> images.resolve(r.id().toString())).hasMessage("No such image: " + r.id());
    }

    @Test
    void anUnnamedImportIsAnUntaggedImageUntilTaggedRemovedOrPruned() {
        ImportResult first = importDir(null);
        assertThat(images.list()).singleElement().satisfies(s -> {
            assertThat(s.repository()).isEqualTo("<none>");
            assertThat(s.tag()).isEqualTo("<none>");
            assertThat(s.id()).isEqualTo(first.id());
        });
        assertThat(images.resolve(first.id().hex().substring(0, 7)).id()).isEqualTo(first.id());
        ImportResult second = importDir(null, "ENV X=2");
        assertThat(images.prune(false).untaggedImages()).containsExactly(first.id());
        assertThatThrownBy(() -> images.resolve(first.id().toString())).hasMessage("No such image: " + first.id());
        assertThat(images.resolve(second.id().toString()).id()).isEqualTo(second.id());
        images.tag(second.id().toString(), "named");
        assertThat(images.store().tags().untagged()).isEmpty();
        assertThat(images.prune(true).untaggedImages()).isEmpty();
        assertThat(images.resolve("named").id()).isEqualTo(second.id());
        assertThat(images.remove(List.of("named"), false)).containsExactly(new Images.Removal.Untagged("named:latest"));
        ImportResult third = importDir(null, "ENV X=3");
        assertThat(images.remove(List.of(third.id().toString()), false))
                .containsExactly(new Images.Removal.Deleted(third.id()));
        assertThat(images.list()).isEmpty();
    }

    @Test
    void pruneRemovesTheSnapshotsOfImagesNoLongerTagged() {
        dev.stevedore.testing.Prerequisites.root(); // extracting a layer restores owners and device nodes
        importDir("keep");
        importDir("drop", "ENV X=1");
        var snapshots = dev.stevedore.snapshot.Snapshotter.open(images.store());
        for (String name : List.of("keep", "drop")) {
            var image = images.resolve(name).image();
            snapshots.ensure(image.manifest().value().layers().getFirst(),
                    image.config().value().rootfs().diffIds().getFirst());
        }
        // both images share their one layer: untagging one keeps the snapshot, untagging both drops it
        images.remove(List.of("drop"), false);
        assertThat(images.prune(false).snapshots().removed()).isEmpty();
        images.remove(List.of("keep"), false);
        PruneReport report = images.prune(false);
        assertThat(report.snapshots().removed()).hasSize(1);
        assertThat(report.bytesFreed()).isGreaterThan(report.blobs().bytesFreed());
        assertThat(snapshots.usage().snapshots()).isEmpty();
    }

    @Test
    void historyIsNewestFirstWithTheIdOnTop() {
        ImportResult r = importDir("box");
        assertThat(images.history("box")).singleElement().satisfies(h -> {
            assertThat(h.image()).isEqualTo(r.id().toString());
            assertThat(h.createdBy()).isEqualTo("stevedore import");
            assertThat(h.size()).isEqualTo("box\n".length());
        });
    }

    @Test
    void imagesHistoryAndInspectShowTheUnpackedSizeAsDockerDoesAndTheCompressedOnRequest() throws IOException {
        Files.write(rootfs.resolve("zeros"), new byte[100_000]);
        importDir("box");
        long unpacked = 100_000 + "box\n".length();
        ImageSummary row = images.list().getFirst();
        assertThat(row.size()).isEqualTo(unpacked);
        long compressed = images.resolve("box").image().manifest().value().layers().getFirst().size();
        assertThat(row.compressed()).hasValue(compressed);
        assertThat(compressed).isLessThan(10_000);
        assertThat(images.history("box").getFirst().size()).isEqualTo(unpacked);
        assertThat(images.inspect(List.of("box"))).contains("\"Size\" : " + unpacked + ",");
        // measured once, remembered in the store; prune forgets the sizes of the blobs it removes
        Path remembered = images.store().root().resolve("sizes/sha256/"
                + images.resolve("box").image().manifest().value().layers().getFirst().digest().hex());
        assertThat(remembered).hasContent(Long.toString(unpacked));
        images.remove(List.of("box"), false);
        images.prune(true);
        assertThat(remembered).doesNotExist();
    }

    @Test
    void inspectIsDockersShapePlusTheManifest() {
        ImportResult r = importDir("box", "ENV A=1");
        String json = images.inspect(List.of("box"));
        assertThat(json).startsWith("[ {").contains("\"Id\" : \"" + r.id() + "\"")
                .contains("\"RepoTags\" : [ \"box:latest\" ]")
                .as("an image never pulled nor pushed has no RepoDigests, as Docker's").contains("\"RepoDigests\" : [ ]")
                .contains("\"Parent\" : \"\"")
                .contains("\"Comment\" : ")
                .contains("\"Created\" : \"2025-03-04T05:06:07Z\"")
                .contains("\"Env\" : [ \"A=1\" ]")
                .contains("\"Os\" : \"linux\"")
                .contains("\"Type\" : \"layers\"")
                .contains("\"digest\" : \"" + r.manifest() + "\"");
    }

    @Test
    void saveAndLoadRoundTripInBothFormatsAndGzipped() throws IOException {
        ImportResult r = importDir("box");
        for (SaveFormat format : SaveFormat.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            images.save(List.of("box"), format, out);
            for (byte[] archive : List.of(out.toByteArray(), gzip(out.toByteArray()))) {
                Images fresh = new Images(Store.open(Files.createTempDirectory(tmp, "fresh")), Clock.systemUTC());
                LoadResult loaded = fresh.load(new ByteArrayInputStream(archive), "x.tar");
                assertThat(loaded.images()).singleElement().satisfies(i -> {
                    assertThat(i.id()).as(format.name()).isEqualTo(r.id());
                    assertThat(i.tags()).extracting(Object::toString).containsExactly("docker.io/library/box:latest");
                });
                assertThat(fresh.fsck(false).isClean()).isTrue();
            }
        }
    }

    @Test
    void savingByIdWritesNoNames() throws IOException {
        ImportResult r = importDir("box");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        images.save(List.of(r.id().hex().substring(0, 12)), SaveFormat.DOCKER, out);
        Images fresh = new Images(Store.open(tmp.resolve("fresh")), Clock.systemUTC());
        LoadResult loaded = fresh.load(new ByteArrayInputStream(out.toByteArray()), "x.tar");
        assertThat(loaded.images()).singleElement().satisfies(i -> assertThat(i.tags()).isEmpty());
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestFailsTheLoadAndLeavesNoTag() throws IOException {
        importDir("box");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        images.save(List.of("box"), SaveFormat.OCI, out);
        String layerHex = images.resolve("box").image().manifest().value().layers().getFirst().digest().hex();
        byte[] tampered = rewrite(out.toByteArray(), "blobs/sha256/" + layerHex);
        Images fresh = new Images(Store.open(tmp.resolve("fresh")), Clock.systemUTC());
        assertThatThrownBy(() -> fresh.load(new ByteArrayInputStream(tampered), "bad.tar"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("bad.tar is a broken image archive: blob blobs/sha256/" + layerHex
                        + " does not match its descriptor");
        assertThat(fresh.list()).isEmpty();
        assertThat(fresh.store().blobs().exists(dev.stevedore.oci.Digest.parse("sha256:" + layerHex))).isFalse();
    }

    @Test
    void aLayerThatIsNotWhatTheConfigNamesFailsADockerLoad() throws IOException {
        importDir("box");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        images.save(List.of("box"), SaveFormat.DOCKER, out);
        String diffId = images.resolve("box").image().config().value().rootfs().diffIds().getFirst().hex();
        byte[] tampered = rewrite(out.toByteArray(), "blobs/sha256/" + diffId);
        Images fresh = new Images(Store.open(tmp.resolve("fresh")), Clock.systemUTC());
        assertThatThrownBy(() -> fresh.load(new ByteArrayInputStream(tampered), "bad.tar"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.tar is a broken image archive: layer blobs/sha256/" + diffId
                        + " has diff id ");
        assertThat(fresh.list()).isEmpty();
    }

    @Test
    void corruptOrForeignArchivesAreOneSentence() throws IOException {
        assertThatThrownBy(() -> images.load(new ByteArrayInputStream("garbage".repeat(100).getBytes()), "g.tar"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("g.tar is not");
        byte[] plain = tar("hello", "world");
        assertThatThrownBy(() -> images.load(new ByteArrayInputStream(plain), "p.tar"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("p.tar is not an image archive: it has neither manifest.json (docker) nor index.json (OCI)");
        byte[] cut = java.util.Arrays.copyOf(plain, 700);
        assertThatThrownBy(() -> images.load(new ByteArrayInputStream(cut), "t.tar"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.tar is not a valid tar archive: the tar stream is truncated: ");
        byte[] climbing = tar("../evil", "x");
        assertThatThrownBy(() -> images.load(new ByteArrayInputStream(climbing), "c.tar"))
                .hasMessage("c.tar has a member named \"../evil\" that climbs out of the archive");
        byte[] brokenJson = tar("manifest.json", "[{\"Config\": 1}]");
        assertThatThrownBy(() -> images.load(new ByteArrayInputStream(brokenJson), "j.tar"))
                .hasMessage("j.tar is a broken image archive: an entry of manifest.json has no Config");
        byte[] missingConfig = tar("manifest.json", "[{\"Config\": \"cfg.json\", \"Layers\": []}]");
        assertThatThrownBy(() -> images.load(new ByteArrayInputStream(missingConfig), "m.tar"))
                .hasMessage("m.tar is a broken image archive: it has no file cfg.json");
        assertThat(images.store().tmpDirectory()).isEmptyDirectory();
    }

    static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    /** The archive with one byte of member {@code name} flipped. */
    static byte[] rewrite(byte[] archive, String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive));
             TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals(name)) {
                    content[content.length / 2] ^= 1;
                }
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
