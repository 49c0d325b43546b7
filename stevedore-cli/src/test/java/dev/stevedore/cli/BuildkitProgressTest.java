package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.diag.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code BUILDKIT_PROGRESS} is the default of {@code --progress}, as in buildx; the flag wins. */
class BuildkitProgressTest {

    @TempDir
    Path dir;

    @Test
    void theVariableChoosesTheModeWhenTheFlagIsAbsent() {
        assertThat(ProgressMode.byDefault(Map.of(), StevedoreConfig.none())).isEqualTo(ProgressMode.AUTO);
        assertThat(ProgressMode.byDefault(Map.of("BUILDKIT_PROGRESS", ""), StevedoreConfig.none())).isEqualTo(ProgressMode.AUTO);
        assertThat(ProgressMode.byDefault(Map.of("BUILDKIT_PROGRESS", "plain"), StevedoreConfig.none())).isEqualTo(ProgressMode.PLAIN);
        assertThat(ProgressMode.byDefault(Map.of("BUILDKIT_PROGRESS", "rawjson"), StevedoreConfig.none())).isEqualTo(ProgressMode.RAWJSON);
        assertThatThrownBy(() -> ProgressMode.byDefault(Map.of("BUILDKIT_PROGRESS", "fancy"), StevedoreConfig.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid BUILDKIT_PROGRESS \"fancy\": want one of auto, tty, plain, quiet, rawjson");
    }

    @Test
    void aBuildShowsItsProgressAsTheVariableSaysUnlessTheFlagSaysOtherwise() throws Exception {
        Path context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("f"), "x\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY f /f\n");
        String store = dir.resolve("store").toString();
        Map<String, String> env = Map.of("BUILDKIT_PROGRESS", "rawjson");

        CliProcess json = CliProcess.start(env, "--root", store, "build", context.toString());
        assertThat(json.await(300)).as(json.err()).isZero();
        assertThat(json.errLines()).isNotEmpty().allMatch(l -> l.startsWith("{"));

        CliProcess plain = CliProcess.start(env, "--root", store, "build", "--progress", "plain", context.toString());
        assertThat(plain.await(300)).as(plain.err()).isZero();
        assertThat(plain.errLines()).anyMatch(l -> l.startsWith("#1 ")).noneMatch(l -> l.startsWith("{"));

        CliProcess wrong = CliProcess.start(Map.of("BUILDKIT_PROGRESS", "fancy"), "--root", store, "build",
                context.toString());
        assertThat(wrong.await(300)).isNotZero();
        assertThat(wrong.err()).isEqualTo("ERROR: invalid BUILDKIT_PROGRESS \"fancy\": want one of auto, tty, plain,"
                + " quiet, rawjson");
    }
}
