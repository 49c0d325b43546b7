package dev.stevedore.cli;

import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.exec.StageResult;
import dev.stevedore.report.BuildReport;
import dev.stevedore.report.Finding;
import dev.stevedore.report.ImageReport;
import dev.stevedore.report.LayerReport;
import dev.stevedore.report.ReportJson;
import dev.stevedore.report.PackageView;
import dev.stevedore.report.Saving;
import dev.stevedore.report.StageReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The multi-stage report for people (aligned tables, sizes as Docker prints them) or as JSON
 * ({@link ReportJson}).
 */
final class ReportPrinter {

    /** {@code --format} of {@code build --report} and {@code report}. */
    enum Format { text, json }

    private static final int CREATED_BY_WIDTH = 60;

    private final PrintStream out;

    ReportPrinter(PrintStream out) {
        this.out = out;
    }

    void print(BuildReport report, Format format) {
        if (format == Format.json) {
            out.println(ReportJson.write(report));
            out.flush();
            return;
        }
        out.println();
        Table stages = new Table("STAGE", "BASE", "SIZE", "COMPRESSED", "TIME", "STEPS", "CACHED");
        for (StageReport s : report.stages()) {
            StageResult r = s.stage();
            stages.row(r.name() + (r.target() ? " (target)" : ""), r.base(), HumanUnits.size(s.size().bytes()),
                    HumanUnits.size(s.size().compressed()),
                    String.format(Locale.ROOT, "%.1fs", r.elapsed().toNanos() / 1e9),
                    String.valueOf(r.steps()), String.valueOf(r.cached()));
        }
        stages.print(out);
        out.println();
        image(report.image());
        report.saving().ifPresent(s -> {
            out.println();
            out.println(saving(s));
        });
        report.packages().forEach(p -> out.println(packages(p)));
        out.println();
        findings(report.image().findings());
        out.flush();
    }

    void print(ImageReport report, Format format) {
        if (format == Format.json) {
            out.println(ReportJson.write(report));
        } else {
            image(report);
            out.println();
            findings(report.findings());
        }
        out.flush();
    }

    /** {@code builder stage had 412 packages (golang-go, gcc-12, ...); the final image has 3}: the first left out named. */
    static String packages(PackageView p) {
        String named = p.leftOut().stream().limit(5).collect(java.util.stream.Collectors.joining(", "));
        String more = p.leftOut().size() > 5 ? ", ..." : "";
        return p.stage() + " stage had " + p.stagePackages() + " package" + (p.stagePackages() == 1 ? "" : "s")
                + (named.isEmpty() ? "" : " (" + named + more + ")") + "; the final image has " + p.imagePackages();
    }

    /** {@code final image 14.2MB; builder stage 846MB; multi-stage kept 98.3% out}. */
    static String saving(Saving s) {
        return "final image " + HumanUnits.size(s.imageBytes()) + "; " + s.stage() + " stage "
                + HumanUnits.size(s.stageBytes()) + "; multi-stage kept "
                + String.format(Locale.ROOT, "%.1f", s.keptOutPercent()) + "% out";
    }

    private void image(ImageReport report) {
        out.println("IMAGE " + report.id().shortHex() + ": " + HumanUnits.size(report.size().bytes()) + " ("
                + HumanUnits.size(report.size().compressed()) + " compressed), " + report.layers().size()
                + (report.layers().size() == 1 ? " layer" : " layers"));
        Table layers = new Table("LAYER", "SIZE", "COMPRESSED", "CREATED BY");
        for (LayerReport l : report.layers()) {
            layers.row(String.valueOf(l.number()), HumanUnits.size(l.size().bytes()),
                    HumanUnits.size(l.size().compressed()), HistoryCommand.ellipsis(l.createdBy(), CREATED_BY_WIDTH));
        }
        layers.print(out);
    }

    private void findings(List<Finding> findings) {
        if (findings.isEmpty()) {
            out.println("WHAT SHOULD NOT BE THERE: nothing found");
            return;
        }
        out.println("WHAT SHOULD NOT BE THERE");
        Table table = new Table("KIND", "WHAT", "WHERE", "SIZE");
        for (Finding f : findings) {
            switch (f) {
                case Finding.Duplicated d -> table.row("duplicated",
                        d.files() + (d.files() == 1 ? " file" : " files") + " rewritten unchanged by layer " + d.layer()
                                + " (" + HistoryCommand.ellipsis(d.createdBy(), 40) + ")",
                        String.join(", ", d.examples()) + (d.files() > d.examples().size() ? ", ..." : ""),
                        HumanUnits.size(d.wasted()) + " twice");
                case Finding.BuildTool t -> table.row(t.kind().words(), t.tool(), t.path(),
                        t.kind() == Finding.ToolKind.CACHE
                                ? HumanUnits.size(t.bytes()) + " in " + t.files() + (t.files() == 1 ? " file" : " files")
                                : HumanUnits.size(t.bytes()));
                case Finding.SecretFile s -> table.row("secret", s.what(), s.path() + " (layer " + s.layer() + ")", "");
                case Finding.SecretEnv e -> table.row("secret", "env " + e.name() + " (value not shown)", "image config", "");
            }
        }
        table.print(out);
    }
}
