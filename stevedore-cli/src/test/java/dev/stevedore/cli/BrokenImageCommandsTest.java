package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.store.Store;
import dev.stevedore.testing.HostileImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store holding a broken tag (a config that is not JSON, as older versions accepted from a
 * registry): the listing commands work for the other images and name the broken one on stderr,
 * fsck fails naming it, and fsck --repair untags it.
 */
class BrokenImageCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void listingsNameTheBrokenTagAndFsckRepairUntagsIt() {
        Path root = tmp.resolve("store");
        Store store = Store.open(root);
        HostileImages hostile = new HostileImages();
        Descriptor good = hostile.image("a", "good");
        Descriptor bad = hostile.imageWithConfig("not JSON at all");
        hostile.writeTo(store);
        store.tags().tag("docker.io/library/good:1", good);
        store.tags().tag("docker.io/library/bad:1", bad);

        CliRun images = CliRun.run("", "--root", root.toString(), "images");
        assertThat(images.code()).as(images.err()).isZero();
        assertThat(images.out()).contains("good").doesNotContain("bad");
        assertThat(images.err()).startsWith("WARNING: skipped image docker.io/library/bad:1 is broken: image config ");

        assertThat(CliRun.run("", "--root", root.toString(), "prune").code()).isZero();
        CliRun inspect = CliRun.run("", "--root", root.toString(), "inspect", "bad:1");
        assertThat(inspect.code()).isEqualTo(Cli.FAILED);
        assertThat(inspect.err()).startsWith("ERROR: image docker.io/library/bad:1 is broken: ");

        CliRun fsck = CliRun.run("", "--root", root.toString(), "fsck");
        assertThat(fsck.code()).isEqualTo(Cli.FAILED);
        assertThat(fsck.out()).contains("tag docker.io/library/bad:1 is broken: image config ");
        assertThat(CliRun.run("", "--root", root.toString(), "fsck", "--repair").code()).isZero();
        CliRun after = CliRun.run("", "--root", root.toString(), "images");
        assertThat(after.err()).isEmpty();
        assertThat(CliRun.run("", "--root", root.toString(), "fsck").code()).isZero();
    }
}
