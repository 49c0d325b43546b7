package dev.stevedore.cli;

import dev.stevedore.diag.Diagnostic;
import java.util.List;

/**
 * What BuildKit prints after a build that had warnings ({@code printWarnings}):
 * <pre>
 *
 *  2 warnings found (use stevedore lint to expand):
 *  - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)
 *  - JSONArgsRecommended: JSON arguments recommended for CMD ... (line 3)
 * </pre>
 * {@code stevedore lint} shows each with its URL and the Dockerfile excerpt.
 */
final class WarningSummary {

    private WarningSummary() {}

    /** The summary, each line ending in a newline; empty without warnings. */
    static String of(List<Diagnostic> warnings) {
        if (warnings.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n ");
        out.append(warnings.size() == 1 ? "1 warning found" : warnings.size() + " warnings found")
                .append(" (use stevedore lint to expand):\n");
        for (Diagnostic d : warnings) {
            out.append(" - ").append(d.message());
            if (d.range() != null) {
                out.append(" (line ").append(d.range().startLine()).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
