package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.CommandLine;
import dev.stevedore.dockerfile.CopySource;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Stage;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.dockerfile.shell.WordExpansion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.function.Predicate;

/**
 * The checks that need the values of a stage's variables, walked in order as the build would:
 * EXPOSE ports ({@code ExposeProtoCasing}, {@code ExposeInvalidFormat}), COPY and ADD sources
 * the {@code .dockerignore} excludes ({@code CopyIgnoredFile}), and {@code RUN chown -R} or
 * {@code chmod -R} over what a COPY or ADD of the same stage added
 * ({@code ChownChmodDuplicatesFiles}). A base image's own ENV and WORKDIR are not known here:
 * a stage based on an image starts empty, at {@code /}; one based on a stage starts where it ended.
 */
final class ValueChecks {

    /** What a COPY or ADD put into the stage: a clean absolute path. */
    private record Added(String path, String keyword, int line) {}

    /** A stage's variables and working directory when it ends, for the stages based on it. */
    private record End(SequencedMap<String, String> env, String workdir, SequencedMap<String, String> args) {}

    private final Dockerfile dockerfile;
    private final PlanRequest request;
    private final Predicate<String> ignored;
    private final Findings findings;
    private final ShellLexer lexer;

    ValueChecks(Dockerfile dockerfile, PlanRequest request, Predicate<String> ignored, Findings findings) {
        this.dockerfile = dockerfile;
        this.request = request;
        this.ignored = ignored;
        this.findings = findings;
        this.lexer = new ShellLexer(dockerfile.directives().escape());
    }

    void run() {
        GlobalArgs global = LenientWords.global(dockerfile, request.buildArgs(),
                PlatformArgs.of(request.targetPlatform(), request.buildPlatform()), lexer);
        Map<String, End> ends = new HashMap<>();
        for (Stage stage : dockerfile.stages()) {
            Optional<End> parent = LenientWords.expand(lexer, stage.from().image(), global.env())
                    .map(e -> ends.get(e.value().toLowerCase(Locale.ROOT)));
            StageScope scope = new StageScope(global, request.buildArgs(), lexer,
                    parent.map(End::env).orElse(new LinkedHashMap<>()), parent.map(End::args).orElse(new LinkedHashMap<>()));
            String workdir = parent.map(End::workdir).orElse("/");
            List<Added> added = new ArrayList<>();
            for (Instruction instruction : stage.instructions()) {
                try {
                    workdir = step(instruction, scope, workdir, added);
                } catch (InvalidInputException e) {
                    // a word that does not expand is the build's error to report
                }
            }
            End end = new End(scope.imageEnv(), workdir, scope.args());
            stage.name().ifPresent(n -> ends.put(n, end));
        }
    }

    /** Checks one instruction and updates the scope; returns the working directory after it. */
    private String step(Instruction instruction, StageScope scope, String workdir, List<Added> added) {
        switch (instruction) {
            case Instruction.Arg a -> scope.declare(a);
            case Instruction.Env e -> scope.setEnv(e);
            case Instruction.Workdir w -> {
                return ImagePaths.resolve(workdir, scope.expand(w.path()));
            }
            case Instruction.Expose e -> e.ports().forEach(p -> scope.expandWords(p).forEach(port -> expose(e.range(), port)));
            case Instruction.Copy c -> {
                if (c.from().isEmpty()) {
                    ignoredSources("Copy", c.range(), c.sources(), scope);
                }
                added.add(new Added(ImagePaths.resolve(workdir, scope.expand(c.destination())), "COPY", c.range().startLine()));
            }
            case Instruction.Add a -> {
                ignoredSources("Add", a.range(), a.sources(), scope);
                added.add(new Added(ImagePaths.resolve(workdir, scope.expand(a.destination())), "ADD", a.range().startLine()));
            }
            case Instruction.Run r -> recursiveChanges(r, scope, workdir, added);
            default -> { }
        }
        return workdir;
    }

    /** BuildKit's {@code parsePortSpec}: {@code [ip:][hostPort:]containerPort[/proto]}. */
    private void expose(SourceRange range, String port) {
        String[] parts = port.split(":", -1);
        int n = parts.length;
        String ip = n < 3 ? "" : String.join(":", List.of(parts).subList(0, n - 2));
        String hostPort = n < 2 ? "" : parts[n - 2];
        if (!ip.isEmpty() || !hostPort.isEmpty()) {
            findings.add(LintRules.EXPOSE_INVALID_FORMAT, range, port);
        }
        String container = parts[n - 1];
        int slash = container.indexOf('/');
        if (container.isEmpty() || slash == 0 || slash < 0) {
            return;
        }
        String rest = container.substring(slash + 1);
        String proto = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        if (!proto.equals(proto.toLowerCase(Locale.ROOT))) {
            findings.add(LintRules.EXPOSE_PROTO_CASING, range, port);
        }
    }

    /** BuildKit's {@code validateCopySourcePath}: context sources only, not URLs or git repositories. */
    private void ignoredSources(String command, SourceRange range, List<CopySource> sources, StageScope scope) {
        if (!findings.runs(LintRules.COPY_IGNORED_FILE)) {
            return;
        }
        for (CopySource source : sources) {
            if (source instanceof CopySource.Path p) {
                String src = scope.expand(p.path());
                if (src.contains("://") || src.startsWith("git@")) {
                    continue;
                }
                String relative = ImagePaths.clean(src).substring(1);
                if (!relative.isEmpty() && ignored.test(relative)) {
                    findings.add(LintRules.COPY_IGNORED_FILE, range, command, src);
                }
            }
        }
    }

    private void recursiveChanges(Instruction.Run run, StageScope scope, String workdir, List<Added> added) {
        List<RecursiveChanges.Change> changes = new ArrayList<>(RecursiveChanges.of(run.command()));
        // RUN <<EOF: the script is the here-document's body
        run.heredocs().forEach(h -> changes.addAll(RecursiveChanges.of(new CommandLine.ShellForm(h.content()))));
        for (RecursiveChanges.Change change : changes) {
            for (String written : change.paths()) {
                String path = ImagePaths.resolve(workdir, LenientWords.expand(lexer, written, scope.env())
                        .map(WordExpansion::value).orElse(written));
                added.stream().filter(a -> ImagePaths.overlap(a.path(), path)).findFirst().ifPresent(a ->
                        findings.add(LintRules.CHOWN_CHMOD_DUPLICATES_FILES, run.range(), change.command(), written,
                                a.keyword(), a.line(), a.keyword(), change.command()));
            }
        }
    }
}
