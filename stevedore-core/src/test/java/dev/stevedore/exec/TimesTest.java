package dev.stevedore.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dates of config-only steps, as BuildKit's image exporter gives them (normalizeLayersAndHistory). */
class TimesTest {

    private static final Instant BASE = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant RUN = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant COPY = Instant.parse("2026-12-01T10:00:05Z");

    private static ImageConfig config(History... history) {
        ImageConfig c = ImageConfig.scratch(Platform.of("linux", "amd64"));
        for (History h : history) {
            c = c.withHistory(h);
        }
        return c;
    }

    private static History undated(String createdBy) {
        return new History(Optional.empty(), createdBy, "", History.DOCKERFILE_COMMENT, true);
    }

    @Test
    void aConfigStepIsDatedByTheStepBeforeItAndOneRightAfterTheBaseByTheFirstNewLayer() {
        ImageConfig dated = Times.dated(config(History.layer(BASE, "ADD rootfs"), undated("ENV A=1"),
                History.layer(RUN, "RUN make").ofDockerfile(), undated("ENV B=2"),
                History.layer(COPY, "COPY f /f").ofDockerfile(), undated("CMD [\"app\"]")));

        assertThat(dated.history()).extracting(History::created).containsExactly(Optional.of(BASE),
                Optional.of(RUN), Optional.of(RUN), Optional.of(RUN), Optional.of(COPY), Optional.of(COPY));
        assertThat(dated.history()).extracting(History::emptyLayer).containsExactly(false, true, false, true, false, true);
        assertThat(dated.created()).contains(COPY);
    }

    @Test
    void withNoNewLayerTheConfigStepsTakeTheBasesLastDate() {
        ImageConfig dated = Times.dated(config(History.layer(BASE, "ADD rootfs"), undated("ENV A=1"),
                undated("CMD [\"sh\"]")));

        assertThat(dated.history()).extracting(History::created).containsOnly(Optional.of(BASE));
        assertThat(dated.created()).contains(BASE);
    }
}
