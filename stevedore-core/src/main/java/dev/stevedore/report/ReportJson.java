package dev.stevedore.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.exec.StageResult;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The report as JSON, the shape documented in {@code docs/report.md}: sizes in bytes, times in
 * seconds, a {@code version} that changes when a field changes meaning or goes away.
 */
public final class ReportJson {

    /** The version of the shape; new fields may appear without a new version. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {}

    public static String write(ImageReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.setAll(image(report));
        return root.toPrettyString();
    }

    public static String write(BuildReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        ArrayNode stages = root.putArray("stages");
        for (StageReport s : report.stages()) {
            StageResult r = s.stage();
            ObjectNode o = stages.addObject();
            o.put("index", r.index());
            o.put("name", r.name());
            o.put("base", r.base());
            o.put("target", r.target());
            size(o, s.size());
            o.put("seconds", BigDecimal.valueOf(r.elapsed().toMillis(), 3));
            o.put("steps", r.steps());
            o.put("cached", r.cached());
        }
        root.set("image", image(report.image()));
        report.saving().ifPresentOrElse(saving -> {
            ObjectNode o = root.putObject("saving");
            o.put("stage", saving.stage());
            o.put("stageSize", saving.stageBytes());
            o.put("imageSize", saving.imageBytes());
            o.put("keptOutPercent", BigDecimal.valueOf(saving.keptOutPercent()).setScale(1, RoundingMode.HALF_UP));
        }, () -> root.putNull("saving"));
        var packages = root.putArray("packages");
        for (PackageView v : report.packages()) {
            ObjectNode o = packages.addObject();
            o.put("stage", v.stage());
            o.put("stagePackages", v.stagePackages());
            o.put("imagePackages", v.imagePackages());
            var names = o.putArray("leftOut");
            v.leftOut().forEach(names::add);
        }
        return root.toPrettyString();
    }

    private static ObjectNode image(ImageReport report) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", report.id().toString());
        size(o, report.size());
        ArrayNode layers = o.putArray("layers");
        for (LayerReport l : report.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("number", l.number());
            layer.put("digest", l.digest().toString());
            layer.put("createdBy", l.createdBy());
            size(layer, l.size());
        }
        ArrayNode findings = o.putArray("findings");
        for (Finding f : report.findings()) {
            finding(findings.addObject(), f);
        }
        return o;
    }

    private static void finding(ObjectNode o, Finding f) {
        switch (f) {
            case Finding.Duplicated d -> {
                o.put("kind", "duplicated");
                o.put("layer", d.layer());
                o.put("createdBy", d.createdBy());
                o.put("files", d.files());
                o.put("wastedBytes", d.wasted());
                d.examples().forEach(o.putArray("examples")::add);
            }
            case Finding.BuildTool t -> {
                o.put("kind", "buildTool");
                o.put("tool", t.tool());
                o.put("toolKind", t.kind().name().toLowerCase(java.util.Locale.ROOT));
                o.put("path", t.path());
                o.put("files", t.files());
                o.put("bytes", t.bytes());
            }
            case Finding.SecretFile s -> {
                o.put("kind", "secretFile");
                o.put("what", s.what());
                o.put("path", s.path());
                o.put("layer", s.layer());
            }
            case Finding.SecretEnv e -> {
                o.put("kind", "secretEnv");
                o.put("name", e.name());
            }
        }
    }

    private static void size(ObjectNode o, Size size) {
        o.put("size", size.bytes());
        // null while a layer's compressed form is not made yet (see Size)
        if (size.compressed().isPresent()) {
            o.put("compressedSize", size.compressed().getAsLong());
        } else {
            o.putNull("compressedSize");
        }
    }
}
