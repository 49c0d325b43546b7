package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --build-arg SOURCE_DATE_EPOCH}: a build run again from scratch gives the same image ID
 * (what the crash harness relies on to compare a build after a kill with an uninterrupted one).
 */
class SourceDateEpochTest {

    private static final String DOCKERFILE = """
            FROM busybox
            COPY f /f
            RUN echo made > /made && mkdir -p /d/e && touch /d/e/x
            WORKDIR /w
            ENV A=1
            """;

    @TempDir
    Path dir;

    private BuildHarness h;

    @BeforeEach
    void setUp() throws IOException {
        h = new BuildHarness(dir);
        h.file("f", "from the context\n");
    }

    @Test
    void theSameBuildFromScratchGivesTheSameImage() throws Exception {
        BuildResult first = h.build(DOCKERFILE, r -> r.buildArgs(Map.of("SOURCE_DATE_EPOCH", "1700000000")));
        Thread.sleep(1100);  // a second later: any time not clamped would show in the layer or the config
        BuildResult again = h.build(DOCKERFILE, r -> r.noCache(true)
                .buildArgs(Map.of("SOURCE_DATE_EPOCH", "1700000000")));

        assertThat(h.steps(dev.stevedore.event.BuildEvent.StepCached.class)).isEmpty();
        assertThat(again.imageId()).isEqualTo(first.imageId());
        ImageConfig config = h.config(again);
        Instant epoch = Instant.ofEpochSecond(1700000000);
        assertThat(config.created()).contains(epoch);
        // the base image's own entry keeps its date; every step of ours is dated by the epoch
        assertThat(config.history().subList(1, config.history().size())).extracting(History::created)
                .containsOnly(Optional.of(epoch));
    }

    @Test
    void aBuildWithAnotherEpochDoesNotTakeTheCachedSteps() throws Exception {
        h.build(DOCKERFILE, r -> r.buildArgs(Map.of("SOURCE_DATE_EPOCH", "1700000000")));
        BuildResult other = h.build(DOCKERFILE, r -> r.buildArgs(Map.of("SOURCE_DATE_EPOCH", "1600000000")));

        assertThat(h.steps(dev.stevedore.event.BuildEvent.StepCached.class)).isEmpty();
        assertThat(h.config(other).created()).contains(Instant.ofEpochSecond(1600000000));
    }

    @Test
    void anEpochThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> h.build(DOCKERFILE, r -> r.buildArgs(Map.of("SOURCE_DATE_EPOCH", "yesterday"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--build-arg SOURCE_DATE_EPOCH=yesterday: not a number of seconds since 1970");
    }

    @Test
    void aConfigStepRightAfterFromIsDatedByTheEpochNotByTheBaseImage() throws Exception {
        BuildResult built = h.build("FROM busybox\nENV A=1\nCMD [\"sh\"]\n",
                r -> r.buildArgs(Map.of("SOURCE_DATE_EPOCH", "1700000000")));

        ImageConfig config = h.config(built);
        Instant epoch = Instant.ofEpochSecond(1700000000);
        assertThat(config.history().getFirst().created()).isNotEqualTo(Optional.of(epoch));
        assertThat(config.history().subList(1, config.history().size())).extracting(History::created)
                .containsOnly(Optional.of(epoch));
        assertThat(config.history().subList(1, config.history().size())).extracting(History::comment, History::emptyLayer)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(History.DOCKERFILE_COMMENT, true));
        assertThat(config.created()).contains(epoch);
    }
}
