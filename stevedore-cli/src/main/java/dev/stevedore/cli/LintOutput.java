package dev.stevedore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.CheckRequest;
import dev.stevedore.api.CheckResult;
import dev.stevedore.api.DockerfileChecker;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceExcerpt;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.api.CheckFinding;
import java.io.PrintStream;
import java.util.Base64;

/**
 * The output of {@code stevedore lint} and {@code build --check}, as buildx prints a
 * {@code --check}: {@code Check complete, N warnings have been found!}, then per finding
 * {@code WARNING: Rule - URL}, its message and the Dockerfile excerpt; or BuildKit's lint result
 * as JSON ({@code warnings}, {@code sources}, {@code buildError}). An error (the Dockerfile would
 * not build, or {@code # check=error=true} and a rule fired) fails the command.
 */
final class LintOutput {

    enum Format { text, json }

    private LintOutput() {}

    /**
     * Runs the checks, prints the findings on {@code root.out()}.
     *
     * @throws InvalidInputException carrying the error and its excerpt when the check fails
     */
    static void run(StevedoreCommand root, CheckRequest request, Format format) {
        CheckResult result = new DockerfileChecker().check(request, root.in());
        PrintStream out = root.out();
        switch (format) {
            case text -> text(result, out);
            case json -> out.println(json(result));
        }
        out.flush();
        if (result.error().isPresent()) {
            Diagnostic error = result.error().get();
            String excerpt = error.range() == null ? "" : SourceExcerpt.of(result.file(), result.source(), error.range()).render();
            throw new InvalidInputException(error.format() + (excerpt.isEmpty() ? "" : "\n" + excerpt.stripTrailing()));
        }
    }

    private static void text(CheckResult result, PrintStream out) {
        int count = result.findings().size();
        if (count > 0) {
            out.println("Check complete, " + (count == 1 ? "1 warning has" : count + " warnings have") + " been found!");
        }
        for (CheckFinding f : result.findings()) {
            out.println();
            out.println("WARNING: " + f.rule() + " - " + f.url());
            out.println(f.detail());
            if (f.diagnostic().range() != null) {
                out.print(SourceExcerpt.of(result.file(), result.source(), f.diagnostic().range()).render());
            }
        }
        if (count > 0 && result.error().isPresent()) {
            out.println();
        }
        if (count == 0 && result.error().isEmpty()) {
            out.println("Check complete, no warnings found.");
        }
    }

    /** BuildKit's {@code lint.LintResults}, indented. */
    static String json(CheckResult result) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode warnings = root.putArray("warnings");
        for (CheckFinding f : result.findings()) {
            ObjectNode w = warnings.addObject();
            w.put("ruleName", f.rule());
            w.put("description", f.description());
            w.put("url", f.url());
            w.put("detail", f.detail());
            location(w, f.diagnostic().range());
        }
        ObjectNode source = root.putArray("sources").addObject();
        source.put("filename", result.file());
        source.put("language", "Dockerfile");
        source.put("data", Base64.getEncoder().encodeToString(result.source()));
        result.error().ifPresent(e -> {
            ObjectNode error = root.putObject("buildError");
            error.put("message", e.message());
            location(error, e.range());
        });
        return root.toPrettyString();
    }

    private static void location(ObjectNode node, SourceRange range) {
        ObjectNode location = node.putObject("location");
        location.put("sourceIndex", range == null ? -1 : 0);
        if (range != null) {
            ObjectNode r = location.putArray("ranges").addObject();
            r.putObject("start").put("line", range.startLine());
            r.putObject("end").put("line", range.endLine());
        }
    }
}
