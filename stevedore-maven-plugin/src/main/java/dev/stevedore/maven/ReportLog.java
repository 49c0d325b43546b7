package dev.stevedore.maven;

import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.exec.StageResult;
import dev.stevedore.report.BuildReport;
import dev.stevedore.report.Finding;
import dev.stevedore.report.Saving;
import dev.stevedore.report.StageReport;
import java.util.Locale;
import org.apache.maven.plugin.logging.Log;

/**
 * The multi-stage report in Maven's log, a line per stage and per finding (a log has no room for
 * {@code stevedore build --report}'s tables): what each stage built, the final image, and what
 * multi-stage kept out of it. {@code stevedore report IMAGE} shows the tables.
 */
final class ReportLog {

    private ReportLog() {}

    static void print(BuildReport report, Log log) {
        for (StageReport s : report.stages()) {
            StageResult r = s.stage();
            log.info("stage " + r.name() + (r.target() ? " (target)" : "") + ": from " + r.base() + ", "
                    + HumanUnits.size(s.size().bytes()) + ", " + r.steps() + " steps (" + r.cached() + " cached) in "
                    + String.format(Locale.ROOT, "%.1fs", r.elapsed().toMillis() / 1000.0));
        }
        log.info("image " + report.image().id().shortHex() + ": " + HumanUnits.size(report.image().size().bytes()) + " ("
                + HumanUnits.size(report.image().size().compressed()) + " compressed), " + report.image().layers().size()
                + (report.image().layers().size() == 1 ? " layer" : " layers"));
        report.saving().ifPresent(s -> log.info(saving(s)));
        for (Finding f : report.image().findings()) {
            log.warn("should not be there: " + switch (f) {
                case Finding.Duplicated d -> d.files() + " files rewritten unchanged by layer " + d.layer();
                case Finding.BuildTool t -> t.kind().words() + " " + t.tool() + " at " + t.path();
                case Finding.SecretFile s -> "secret " + s.what() + " at " + s.path() + " (layer " + s.layer() + ")";
                case Finding.SecretEnv e -> "secret in env " + e.name() + " (value not shown)";
            });
        }
    }

    /** {@code final image 14.2MB; builder stage 846MB; multi-stage kept 98.3% out}, as the CLI says it. */
    private static String saving(Saving s) {
        return "final image " + HumanUnits.size(s.imageBytes()) + "; " + s.stage() + " stage "
                + HumanUnits.size(s.stageBytes()) + "; multi-stage kept "
                + String.format(Locale.ROOT, "%.1f", s.keptOutPercent()) + "% out";
    }
}
