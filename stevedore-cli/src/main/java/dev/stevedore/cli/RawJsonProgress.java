package dev.stevedore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.event.StepId;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code --progress rawjson}: one JSON object per line per event, for tools. The schema is
 * versioned ({@code "v":1}) and documented in {@code docs/progress-rawjson.md}, with a JSON Schema
 * beside it ({@code docs/progress-rawjson.schema.json}); a change that removes or retypes a field
 * is a new version.
 */
final class RawJsonProgress implements BuildListener {

    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    RawJsonProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void on(BuildEvent event) {
        // Not flushed: RendererThread flushes once per batch of events.
        String line = json(event).toString();
        synchronized (this) {
            out.println(line);
        }
    }

    static ObjectNode json(BuildEvent event) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("type", type(event));
        n.put("time", event.at().toString());
        switch (event) {
            case BuildEvent.StepStarted s -> {
                step(n, s.step()).put("name", s.name());
                s.position().ifPresent(p -> n.put("stage", p.stage()).put("index", p.index()).put("total", p.total()));
            }
            case BuildEvent.StepCached c -> step(n, c.step());
            case BuildEvent.StepCacheMiss m -> step(n, m.step()).put("reason", m.reason());
            case BuildEvent.StepOutput o -> step(n, o.step()).put("stream", o.stream().name().toLowerCase(Locale.ROOT))
                    .put("line", o.line());
            case BuildEvent.StepProgress p -> step(n, p.step()).put("item", p.item()).put("done", p.done())
                    .put("total", p.total());
            case BuildEvent.StepDone d -> step(n, d.step()).put("elapsed", seconds(d.elapsed()));
            case BuildEvent.StepFailed f -> step(n, f.step()).put("elapsed", seconds(f.elapsed()))
                    .put("message", f.message());
            case BuildEvent.Warning w -> {
                n.put("file", w.diagnostic().file());
                if (w.diagnostic().range() != null) {
                    n.put("line", w.diagnostic().range().startLine());
                }
                n.put("message", w.diagnostic().message());
            }
            case BuildEvent.BuildDone b -> n.put("image", b.imageId()).put("elapsed", seconds(b.elapsed()));
            case BuildEvent.BuildFailed f -> {
                f.step().ifPresent(name -> n.put("name", name));
                f.excerpt().ifPresent(e -> n.put("file", e.file()).put("line", e.marked().startLine()));
                var tail = n.putArray("output");
                f.outputTail().forEach(tail::add);
                n.put("reason", f.reason());
            }
        }
        return n;
    }

    /** The {@code type} of each event: the record's name, in kebab case. */
    static String type(BuildEvent event) {
        return switch (event) {
            case BuildEvent.StepStarted s -> "step-started";
            case BuildEvent.StepCached c -> "step-cached";
            case BuildEvent.StepCacheMiss m -> "step-cache-miss";
            case BuildEvent.StepOutput o -> "step-output";
            case BuildEvent.StepProgress p -> "step-progress";
            case BuildEvent.StepDone d -> "step-done";
            case BuildEvent.StepFailed f -> "step-failed";
            case BuildEvent.Warning w -> "warning";
            case BuildEvent.BuildDone b -> "build-done";
            case BuildEvent.BuildFailed f -> "build-failed";
        };
    }

    private static ObjectNode step(ObjectNode n, StepId id) {
        return n.put("step", id.number());
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
