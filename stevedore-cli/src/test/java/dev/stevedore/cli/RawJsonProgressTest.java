package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.StepId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --progress rawjson}: every line an event valid under docs/progress-rawjson.schema.json. */
class RawJsonProgressTest {

    static final Path SCHEMA = Path.of("..", "docs", "progress-rawjson.schema.json");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode schema() throws Exception {
        return JSON.readTree(Files.readString(SCHEMA));
    }

    @Test
    void everyKindOfEventIsValidUnderTheSchema() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        StepId one = new StepId(1);
        List<BuildEvent> events = List.of(
                new BuildEvent.Warning(t, Diagnostic.warning("Dockerfile", SourceRange.line(3), "StageNameCasing: x")),
                new BuildEvent.Warning(t, Diagnostic.warning("Dockerfile", null, "about the whole file")),
                new BuildEvent.StepStarted(t, one, "[b 1/2] FROM busybox",
                        Optional.of(new BuildEvent.StagePosition("b", 1, 2))),
                new BuildEvent.StepStarted(t, new StepId(9), "exporting to image"),
                new BuildEvent.StepProgress(t, one, "sha256:" + "0".repeat(64), 10, 20),
                new BuildEvent.StepOutput(t, one, BuildEvent.Stream.STDERR, "oops"),
                new BuildEvent.StepCached(t, one),
                new BuildEvent.StepDone(t, one, Duration.ofMillis(1500)),
                new BuildEvent.StepFailed(t, one, Duration.ZERO, "Dockerfile:2: RUN false: exit code 1"),
                new BuildEvent.BuildDone(t, "sha256:" + "a".repeat(64), Duration.ofSeconds(2)));
        JsonNode schema = schema();
        for (BuildEvent e : events) {
            JsonNode line = JSON.readTree(RawJsonProgress.json(e).toString());
            assertThat(JsonSchemaSubset.problems(schema, line)).as(line.toString()).isEmpty();
        }
        JsonNode started = RawJsonProgress.json(events.get(2));
        assertThat(started.toString()).isEqualTo("{\"v\":1,\"type\":\"step-started\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"step\":1,\"name\":\"[b 1/2] FROM busybox\",\"stage\":\"b\",\"index\":1,\"total\":2}");
        assertThat(RawJsonProgress.json(events.get(7)).get("elapsed").asDouble()).isEqualTo(1.5);
    }

    @Test
    void theSchemaRejectsWhatItShould() throws Exception {
        JsonNode schema = schema();
        for (String bad : List.of(
                "{\"v\":2,\"type\":\"step-cached\",\"time\":\"2026-01-01T00:00:00Z\",\"step\":1}",
                "{\"v\":1,\"type\":\"step-cached\",\"time\":\"yesterday\",\"step\":1}",
                "{\"v\":1,\"type\":\"step-cached\",\"time\":\"2026-01-01T00:00:00Z\"}",
                "{\"v\":1,\"type\":\"step-cached\",\"time\":\"2026-01-01T00:00:00Z\",\"step\":0}",
                "{\"v\":1,\"type\":\"step-cached\",\"time\":\"2026-01-01T00:00:00Z\",\"step\":1,\"extra\":true}",
                "{\"v\":1,\"type\":\"step-output\",\"time\":\"2026-01-01T00:00:00Z\",\"step\":1,\"stream\":\"tty\",\"line\":\"\"}",
                "{\"v\":1,\"type\":\"build-done\",\"time\":\"2026-01-01T00:00:00Z\",\"image\":\"abc\",\"elapsed\":1}",
                "{\"v\":1,\"type\":\"nonsense\",\"time\":\"2026-01-01T00:00:00Z\"}")) {
            assertThat(JsonSchemaSubset.problems(schema, JSON.readTree(bad))).as(bad).isNotEmpty();
        }
    }

    @Test
    void aMultiStageBuildsStreamFollowsTheSchema() throws Exception {
        ProgressBuilds b = ProgressBuilds.in(dir, ProgressBuilds.MULTI_STAGE.replace("AS builder", "as builder"));
        CliRun run = b.build("--progress", "rawjson");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode schema = schema();
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.err().split("\n")) {
            JsonNode e = JSON.readTree(line);
            assertThat(JsonSchemaSubset.problems(schema, e)).as(line).isEmpty();
            events.add(e);
        }
        List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
        assertThat(types).contains("warning", "step-started", "step-output", "step-done").last().isEqualTo("build-done");
        assertThat(events.getLast().get("image").asText()).isEqualTo(run.out().strip());
        assertThat(events).anyMatch(e -> e.path("name").asText().equals("[builder 2/2] RUN echo building && echo built > /out")
                && e.path("stage").asText().equals("builder") && e.path("index").asInt() == 2 && e.path("total").asInt() == 2);
        assertThat(events).anyMatch(e -> e.path("type").asText().equals("step-output")
                && e.path("line").asText().equals("building") && e.path("stream").asText().equals("stdout"));
        assertThat(events).anyMatch(e -> e.path("name").asText().equals("exporting to image") && !e.has("stage"));
    }
}
