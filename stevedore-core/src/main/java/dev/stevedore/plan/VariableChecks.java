package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.CopySource;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.KeyValue;
import dev.stevedore.dockerfile.Stage;
import dev.stevedore.dockerfile.shell.Env;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.dockerfile.shell.WordExpansion;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The checks about variables: FROM lines using undeclared or badly defaulted ARGs, constant
 * {@code --platform}s, and words of the expanded instructions using variables nothing defines.
 * A word that does not expand at all is left to the build to report.
 */
final class VariableChecks {

    private static final String TARGET_PLATFORM = "TARGETPLATFORM";

    private final Dockerfile dockerfile;
    private final PlanRequest request;
    private final Function<String, Set<String>> imageEnv;
    private final Findings findings;
    private final ShellLexer lexer;

    /** @param imageEnv the names a base image's config {@code Env} sets, by the FROM value as expanded */
    VariableChecks(Dockerfile dockerfile, PlanRequest request, Function<String, Set<String>> imageEnv, Findings findings) {
        this.dockerfile = dockerfile;
        this.request = request;
        this.imageEnv = imageEnv;
        this.findings = findings;
        this.lexer = new ShellLexer(dockerfile.directives().escape());
    }

    void run() {
        SequencedMap<String, String> platformArgs = PlatformArgs.of(request.targetPlatform(), request.buildPlatform());
        Env global = LenientWords.global(dockerfile, request.buildArgs(), platformArgs, lexer).env();
        Set<String> declared = new LinkedHashSet<>(platformArgs.keySet());
        dockerfile.metaArgs().forEach(a -> a.args().forEach(d -> declared.add(d.name())));
        // InvalidDefaultArgInFrom judges the Dockerfile's own defaults, whatever --build-arg says
        Env defaults = LenientWords.global(dockerfile, BuildArgs.NONE, platformArgs, lexer).env();
        Map<String, Set<String>> stageEnv = new HashMap<>();
        for (Stage stage : dockerfile.stages()) {
            Instruction.From from = stage.from();
            fromArgs(from, global, declared);
            invalidDefault(from, defaults);
            constPlatform(stage);
            redundantTargetPlatform(from, global);
            Optional<String> base = expand(from.image(), global).map(WordExpansion::value);
            Set<String> known = new LinkedHashSet<>(base.map(b -> stageEnv.getOrDefault(b.toLowerCase(Locale.ROOT),
                    b.equals("scratch") ? Set.of() : imageEnv.apply(b))).orElse(Set.of()));
            undefinedVars(stage, known);
            stage.name().ifPresent(n -> stageEnv.put(n, known));
        }
    }

    private void fromArgs(Instruction.From from, Env global, Set<String> declared) {
        List<String> words = new ArrayList<>();
        words.add(from.image());
        from.platform().ifPresent(words::add);
        for (String word : words) {
            expand(word, global).ifPresent(e -> e.unmatched().stream().filter(n -> !declared.contains(n))
                    .forEach(n -> findings.add(LintRules.UNDEFINED_ARG_IN_FROM, from.range(), n, suggest(n, declared, ""))));
        }
    }

    private void invalidDefault(Instruction.From from, Env defaults) {
        if (!from.image().contains("$")) {
            return;
        }
        Optional<String> value = expand(from.image(), defaults).map(WordExpansion::value);
        if (value.isEmpty()) {
            return;
        }
        String v = value.get();
        boolean valid = !v.isEmpty() && (v.equals("scratch") || parses(v));
        if (!valid) {
            findings.add(LintRules.INVALID_DEFAULT_ARG_IN_FROM, from.range(), from.image());
        }
    }

    private static boolean parses(String ref) {
        try {
            ImageReference.parse(ref);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private void constPlatform(Stage stage) {
        Optional<String> platform = stage.from().platform();
        if (platform.isEmpty() || platform.get().contains("$")) {
            return;
        }
        // A stage named after its platform (FROM --platform=linux/arm64 x AS build-arm64) means it.
        String name = stage.name().orElse("");
        try {
            Platform p = Platform.parse(platform.get(), request.buildPlatform());
            if (!name.isEmpty() && (name.contains(p.os()) || name.contains(p.architecture()))) {
                return;
            }
        } catch (InvalidInputException e) {
            // an invalid platform is the build's error to report
        }
        findings.add(LintRules.FROM_PLATFORM_FLAG_CONST_DISALLOWED, stage.from().range(), platform.get());
    }

    /**
     * BuildKit's {@code reportRedundantTargetPlatform}: the platform names only
     * {@code TARGETPLATFORM} and comes out as its value, so it says {@code $TARGETPLATFORM} or
     * {@code ${TARGETPLATFORM}} in some spelling.
     */
    private void redundantTargetPlatform(Instruction.From from, Env global) {
        Optional<String> platform = from.platform();
        if (platform.isEmpty()) {
            return;
        }
        expand(platform.get(), global).ifPresent(e -> {
            if (e.matched().equals(Set.of(TARGET_PLATFORM)) && e.unmatched().isEmpty()
                    && global.lookup(TARGET_PLATFORM).map(e.value()::equals).orElse(false)) {
                findings.add(LintRules.REDUNDANT_TARGET_PLATFORM, from.range(), platform.get());
            }
        });
    }

    /** Walks the stage's ARGs and ENVs in order, checking each word Docker expands. */
    private void undefinedVars(Stage stage, Set<String> known) {
        known.addAll(BuildArgs.PROXY_ARGS);
        for (Instruction instruction : stage.instructions()) {
            for (String word : words(instruction)) {
                check(instruction.range(), word, known);
            }
            switch (instruction) {
                case Instruction.Arg a -> a.args().forEach(d -> known.add(d.name()));
                case Instruction.Env e -> e.vars().forEach(kv -> known.add(kv.key()));
                default -> { }
            }
        }
    }

    private void check(SourceRange range, String word, Set<String> known) {
        SequencedMap<String, String> vars = new LinkedHashMap<>();
        known.forEach(n -> vars.put(n, ""));
        expand(word, Env.of(vars)).ifPresent(e -> e.unmatched()
                .forEach(n -> findings.add(LintRules.UNDEFINED_VAR, range, n, suggest(n, known, "$"))));
    }

    /** The words of {@code instruction} that Docker expands before use (not RUN, CMD, ENTRYPOINT). */
    private static List<String> words(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Copy c -> Stream.concat(paths(c.sources()), Stream.concat(Stream.of(c.destination()),
                    Stream.concat(c.chown().stream(), c.chmod().stream()))).toList();
            case Instruction.Add a -> Stream.concat(paths(a.sources()), Stream.concat(Stream.of(a.destination()),
                    Stream.concat(a.chown().stream(), a.chmod().stream()))).toList();
            case Instruction.Env e -> e.vars().stream().map(KeyValue::value).toList();
            case Instruction.Label l -> l.labels().stream().flatMap(kv -> Stream.of(kv.key(), kv.value())).toList();
            case Instruction.Arg a -> a.args().stream().flatMap(d -> d.defaultValue().stream()).toList();
            case Instruction.Expose e -> e.ports();
            case Instruction.Volume v -> v.paths();
            case Instruction.User u -> List.of(u.user());
            case Instruction.Workdir w -> List.of(w.path());
            case Instruction.StopSignal s -> List.of(s.signal());
            default -> List.of();
        };
    }

    private static Stream<String> paths(List<CopySource> sources) {
        return sources.stream().flatMap(s -> s instanceof CopySource.Path p ? Stream.of(p.path()) : Stream.empty());
    }

    private Optional<WordExpansion> expand(String word, Env env) {
        return LenientWords.expand(lexer, word, env);
    }

    /** {@code " (did you mean X?)"}: a name differing only in case, else the closest, else nothing. */
    private static String suggest(String name, Set<String> candidates, String prefix) {
        Optional<String> match = candidates.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst()
                .or(() -> Typos.closest(name, candidates));
        return match.map(m -> " (did you mean " + prefix + m + "?)").orElse("");
    }
}
