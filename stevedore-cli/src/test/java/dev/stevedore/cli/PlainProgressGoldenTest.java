package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --progress plain} of a real multi-stage build, times and ids masked; then quiet mode on the same build. */
class PlainProgressGoldenTest {

    @TempDir
    Path dir;

    /** Seconds and image ids, which change from run to run. */
    static String masked(String output) {
        return output.replaceAll("(?m)^(#\\d+) \\d+\\.\\d{3} ", "$1 0.000 ")
                .replaceAll("DONE \\d+\\.\\ds", "DONE 0.0s")
                .replaceAll("sha256:[0-9a-f]{64}", "sha256:<id>");
    }

    @Test
    void aMultiStageBuildInBuildKitsPlainFormat() throws Exception {
        ProgressBuilds b = ProgressBuilds.in(dir, ProgressBuilds.MULTI_STAGE);
        CliRun run = b.build("--progress", "plain");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(masked(run.err())).isEqualTo("""
                #1 [internal] load build definition from Dockerfile
                #1 transferring dockerfile: %dB done
                #1 DONE 0.0s
                #2 [internal] load .dockerignore
                #2 transferring context: 0B done
                #2 DONE 0.0s
                #3 [builder 1/2] FROM docker.io/library/busybox:latest
                #3 DONE 0.0s
                #4 [builder 2/2] RUN echo building && echo built > /out
                #4 0.000 building
                #4 DONE 0.0s
                #5 [stage-1 1/3] FROM docker.io/library/busybox:latest
                #5 DONE 0.0s
                #6 [stage-1 2/3] COPY --from=builder /out /out
                #6 DONE 0.0s
                #7 [stage-1 3/3] RUN cat /out
                #7 0.000 built
                #7 DONE 0.0s
                #8 exporting to image
                #8 DONE 0.0s
                writing image sha256:<id> done
                """.formatted(ProgressBuilds.MULTI_STAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));

        CliRun again = b.build("--progress", "plain");
        assertThat(masked(again.err())).contains("""
                #4 [builder 2/2] RUN echo building && echo built > /out
                #4 CACHED
                """).contains("#7 CACHED\n");
    }

    @Test
    void quietPrintsOnlyTheImageIdAndAFailingStepsOutputWhenItFails() throws Exception {
        ProgressBuilds b = ProgressBuilds.in(dir, ProgressBuilds.MULTI_STAGE);
        CliRun quiet = b.build("-q");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).matches("sha256:[0-9a-f]{64}\n");
        assertThat(b.build("--progress", "quiet").out()).isEqualTo(quiet.out());

        ProgressBuilds failing = ProgressBuilds.in(dir.resolve("failing"), """
                FROM busybox
                RUN echo one && echo two && exit 3
                """);
        CliRun failed = failing.build("--progress", "quiet");
        assertThat(failed.code()).isEqualTo(Cli.FAILED);
        assertThat(failed.out()).isEmpty();
        // quiet shows nothing of the build but the error view: the failing step and its output
        assertThat(failed.err()).startsWith("""
                ------
                 > [2/2] RUN echo one && echo two && exit 3:
                one
                two
                ------
                """).contains("\nERROR: failed to build: ").doesNotContain("#1 ");
    }
}
