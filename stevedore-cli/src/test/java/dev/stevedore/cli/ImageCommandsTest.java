package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image-management commands, in-process: their output and their one-sentence errors. */
class ImageCommandsTest {

    @TempDir
    Path tmp;

    String root;
    Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("store").toString();
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hostname"), "box\n");
    }

    private CliRun run(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--root";
        full[1] = root;
        System.arraycopy(args, 0, full, 2, args.length);
        return CliRun.run("", full);
    }

    private String importBox() {
        CliRun r = run("import", "-c", "CMD [\"sh\"]", "--change", "ENV A=1", rootfs.toString(), "box:1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).matches("sha256:[0-9a-f]{64}\n");
        return r.out().strip();
    }

    @Test
    void importThenImagesListsFamiliarNamesShortIdsAndSizes() {
        String id = importBox();
        CliRun images = run("images");
        assertThat(images.out().lines().toList()).hasSize(2);
        assertThat(images.out().lines().findFirst().orElseThrow())
                .matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE");
        assertThat(images.out().lines().skip(1).findFirst().orElseThrow())
                .matches("box +1 +" + id.substring(7, 19) + " +(Less than a second|\\d+ seconds?) ago +\\d+(\\.\\d+)?[kM]?B");
        assertThat(run("images", "-q").out()).isEqualTo(id.substring(7, 19) + "\n");
        assertThat(run("images", "--digests").out()).contains("DIGEST").contains("sha256:");
        assertThat(run("images", "--compressed").out().lines().findFirst().orElseThrow())
                .matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE +COMPRESSED");
        // the import's one file, unpacked ("box\n"), as Docker counts an image's size
        assertThat(run("images").out().lines().skip(1).findFirst().orElseThrow()).endsWith("   4B");
    }

    @Test
    void inspectHistoryTagRmi() {
        String id = importBox();
        assertThat(run("inspect", "box:1").out()).contains("\"Id\" : \"" + id + "\"").contains("\"Cmd\" : [ \"sh\" ]");
        CliRun history = run("history", "box:1");
        assertThat(history.out()).startsWith("IMAGE").contains(id.substring(7, 19)).contains("stevedore import")
                .contains("Imported from " + rootfs);
        assertThat(run("tag", "box:1", "other").code()).isZero();
        assertThat(run("images", "-q").out()).isEqualTo(id.substring(7, 19) + "\n");
        CliRun refused = run("rmi", id.substring(7, 19));
        assertThat(refused.code()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).isEqualTo("ERROR: unable to delete " + id.substring(7, 19)
                + " (must be forced): image is referenced in multiple repositories\n");
        assertThat(run("rmi", "other").out()).isEqualTo("Untagged: other:latest\n");
        assertThat(run("rmi", "-f", id).out()).isEqualTo("Untagged: box:1\n");
        CliRun prune = run("prune");
        assertThat(prune.out()).contains("deleted: sha256:").contains("Total reclaimed space: ");
        assertThat(run("fsck").out()).endsWith("0 problems\n");
        assertThat(run("du").out()).startsWith("TYPE").contains("Blobs").contains("Total")
                .contains("Blobs only the build cache holds");
    }

    /** Cache mounts (laid out as the engine makes them) in du and under prune --keep-storage, as docker buildx du/prune count them. */
    @Test
    void duCountsCacheMountsAndPruneKeepStorageEmptiesThem() throws IOException {
        importBox();
        Path home = Files.createDirectories(java.nio.file.Path.of(root, "cache-mounts", "0".repeat(64), "data"))
                .getParent();
        Files.write(home.resolve("data/settings.jar"), new byte[4096]);
        Files.writeString(home.resolve("key"), "/root/.m2\n");
        Files.createFile(home.resolve("data.lock"));

        assertThat(run("du").out()).contains("Cache mounts").containsPattern("Cache mounts +4(\\.1)?kB");
        assertThat(run("du", "--verbose").out()).contains("CACHE MOUNT").containsPattern("/root/\\.m2 +4(\\.1)?kB +");
        CliRun prune = run("prune", "--keep-storage", "1kb");
        assertThat(prune.out()).contains("emptied cache mount: /root/.m2");
        assertThat(home.resolve("data")).doesNotExist();
        assertThat(run("du").out()).containsPattern("Cache mounts +0B");
    }

    @Test
    void formatsAsDockerUsersWriteThem() {
        String id = importBox();
        assertThat(run("inspect", "--format", "{{.Id}}", "box:1").out()).isEqualTo(id + "\n");
        assertThat(run("inspect", "-f", "{{.Config.Env}} {{.Config.Cmd}}", "box:1").out())
                .isEqualTo("[A=1] [sh]\n");
        assertThat(run("inspect", "-f", "{{json .Config.Cmd}}", "box:1").out()).isEqualTo("[\"sh\"]\n");
        assertThat(run("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out())
                .isEqualTo("box:1 " + id.substring(7, 19) + "\n");
        assertThat(run("images", "--format", "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}").out())
                .isEqualTo("REPOSITORY   TAG   IMAGE ID\nbox          1     " + id.substring(7, 19) + "\n");
        assertThat(run("images", "--format", "json").out()).startsWith("{\"ID\":\"" + id.substring(7, 19) + "\"")
                .contains("\"Repository\":\"box\"");
        assertThat(run("history", "--format", "{{.CreatedBy}}|{{.Comment}}", "box:1").out())
                .startsWith("stevedore import").contains("|Imported from " + rootfs);

        CliRun refused = run("images", "--format", "{{range .}}{{end}}");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).isEqualTo("ERROR: --format {{range .}}{{end}}: {{range .}} is not supported;"
                + " Stevedore reads {{.Field.Path}}, {{.}}, {{json .Field}}, json and table (a subset of Go templates)\n");
    }

    @Test
    void pruneBoundsTheBuildCacheAsDockerBuilderPruneDoes() {
        importBox();
        CliRun bounded = run("prune", "--keep-storage", "1GB", "--filter", "until=24h");
        assertThat(bounded.code()).as(bounded.err()).isZero();
        assertThat(bounded.out()).contains("Total reclaimed space: ");
        CliRun filter = run("prune", "--filter", "since=1h");
        assertThat(filter.code()).isNotZero();
        assertThat(filter.err()).contains("--filter \"since=1h\": the only filter is until=DURATION (e.g. until=24h)")
                .doesNotContain("Exception");
        CliRun size = run("prune", "--keep-storage", "lots");
        assertThat(size.code()).isNotZero();
        assertThat(size.err()).contains("--keep-storage \"lots\": not a size");
    }

    @Test
    void historyTruncatesCreatedByToFortyFiveCharacters() {
        assertThat(HistoryCommand.ellipsis("stevedore import", 45)).isEqualTo("stevedore import");
        String longText = "/bin/sh -c #(nop) " + "x".repeat(60);
        assertThat(HistoryCommand.ellipsis(longText, 45)).hasSize(45).endsWith("xx…")
                .startsWith("/bin/sh -c #(nop) x");
        assertThat(HistoryCommand.ellipsis("a\tb\nc", 45)).isEqualTo("a b c");
    }

    @Test
    void saveLoadRoundTripThroughTheCli() {
        String id = importBox();
        Path archive = tmp.resolve("box.tar");
        CliRun save = run("save", "-o", archive.toString(), "box:1");
        assertThat(save.code()).as(save.err()).isZero();
        root = tmp.resolve("fresh").toString();
        CliRun load = run("load", "-i", archive.toString());
        assertThat(load.out()).isEqualTo("Loaded image: box:1\n");
        assertThat(run("images", "-q", "--no-trunc").out()).isEqualTo(id + "\n");
        Path oci = tmp.resolve("box-oci.tar");
        assertThat(run("save", "--format", "oci", "-o", oci.toString(), id.substring(7, 19)).code()).isZero();
        root = tmp.resolve("fresh2").toString();
        assertThat(run("load", "-i", oci.toString()).out()).isEqualTo("Loaded image ID: " + id + "\n");
    }

    @Test
    void errorsAreOneSentence() {
        assertThat(run("inspect", "nothere").err()).isEqualTo("ERROR: No such image: nothere\n");
        assertThat(run("history", "UPPER").err()).startsWith("ERROR: invalid reference format: ");
        assertThat(run("import", tmp.resolve("missing.tar").toString(), "x").err())
                .isEqualTo("ERROR: import source " + tmp.resolve("missing.tar") + " does not exist\n");
        assertThat(run("import", rootfs.toString(), "Bad:Name:x").err()).startsWith("ERROR: invalid reference format");
        assertThat(run("import", "-c", "RUN true", rootfs.toString(), "x").err())
                .startsWith("ERROR: invalid --change \"RUN true\": RUN cannot be applied to an imported image");
        assertThat(run("import", "--platform", "linux/*", rootfs.toString()).err()).startsWith("ERROR: ");
        assertThat(run("load", "-i", tmp.resolve("none.tar").toString()).err())
                .isEqualTo("ERROR: archive " + tmp.resolve("none.tar") + " does not exist\n");
        CliRun save = run("save", "-o", tmp.resolve("out.tar").toString(), "nothere");
        assertThat(save.err()).isEqualTo("ERROR: No such image: nothere\n");
        assertThat(tmp.resolve("out.tar")).doesNotExist();
        assertThat(run("images").out()).isEqualTo("REPOSITORY   TAG   IMAGE ID   CREATED   SIZE\n");
    }

    @Test
    void importReadsATarFromStandardInputAndRootWorksAfterTheSubcommand() throws IOException {
        Path tar = tmp.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-cf", tar.toString(), "-C", rootfs.toString(), ".").start();
        try {
            assertThat(p.waitFor()).isZero();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = Cli.run(new String[] {"import", "--root", root, "-", "stdin:1"},
                Files.newInputStream(tar), new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(run("history", "stdin:1").out()).contains("Imported from -");
    }
}
