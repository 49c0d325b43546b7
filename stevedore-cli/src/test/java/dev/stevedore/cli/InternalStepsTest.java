package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BuildKit's first steps of every build, {@code [internal] load build definition from NAME} and
 * {@code [internal] load .dockerignore} with what was read and its size, in each progress mode.
 */
class InternalStepsTest {

    @TempDir
    Path dir;

    @Test
    void sizesAreBuildKitsAndTheDefinitionIsNamedByItsFileName() {
        assertThat(TransferText.humanSize(0)).isEqualTo("0B");
        assertThat(TransferText.humanSize(32)).isEqualTo("32B");
        assertThat(TransferText.humanSize(1260)).isEqualTo("1.26kB");
        assertThat(TransferText.humanSize(18_650)).isEqualTo("18.65kB");
        assertThat(TransferText.humanSize(35_150)).isEqualTo("35.15kB");
        assertThat(TransferText.humanSize(2_100_000)).isEqualTo("2.1MB");
        assertThat(TransferText.humanSize(999_999)).isEqualTo("1000kB");
        assertThat(TransferText.of("transferring dockerfile:", 221, 221)).isEqualTo("transferring dockerfile: 221B done");
    }

    @Test
    void eachModeShowsTheDefinitionAndTheIgnoreFileWithTheirSizes() throws Exception {
        String dockerfile = "FROM busybox\nRUN true\n";
        ProgressBuilds b = ProgressBuilds.in(dir, "unused\n");
        Path sub = Files.createDirectories(b.context().resolve("ci"));
        Files.writeString(sub.resolve("Dockerfile.prod"), dockerfile);
        Files.writeString(b.context().resolve(".dockerignore"), "*.log\n.git\n");  // 11 bytes

        CliRun plain = b.build("--progress", "plain", "-f", sub.resolve("Dockerfile.prod").toString());
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(PlainProgressGoldenTest.masked(plain.err())).startsWith("""
                #1 [internal] load build definition from Dockerfile.prod
                #1 transferring dockerfile: 22B done
                #1 DONE 0.0s
                #2 [internal] load .dockerignore
                #2 transferring context: 11B done
                #2 DONE 0.0s
                #3 [1/2] FROM docker.io/library/busybox:latest
                """);

        CliRun tty = b.build("--progress", "tty", "-f", sub.resolve("Dockerfile.prod").toString());
        assertThat(tty.code()).as(tty.err()).isZero();
        assertThat(tty.err()).contains("[internal] load build definition from Dockerfile.prod")
                .contains("transferring dockerfile: 22B done").contains("[internal] load .dockerignore")
                .contains("transferring context: 11B done");

        CliRun json = b.build("--progress", "rawjson", "-f", sub.resolve("Dockerfile.prod").toString());
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.err().lines().limit(6).toList()).anySatisfy(l -> assertThat(l)
                        .contains("\"type\":\"step-started\"").contains("\"step\":1")
                        .contains("[internal] load build definition from Dockerfile.prod"))
                .anySatisfy(l -> assertThat(l).contains("\"type\":\"step-progress\"").contains("\"step\":1")
                        .contains("\"item\":\"transferring dockerfile:\"").contains("\"done\":22"))
                .anySatisfy(l -> assertThat(l).contains("\"step\":2").contains("[internal] load .dockerignore"));
    }
}
