package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.ArgDecl;
import dev.stevedore.dockerfile.CommandLine;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.KeyValue;
import dev.stevedore.dockerfile.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks that look at instructions as written: casing, stage names, deprecated or legacy
 * forms, repeated instructions, relative WORKDIRs and secrets in ARG or ENV.
 */
final class InstructionChecks {

    private static final Set<String> RESERVED = Set.of("context", "scratch");

    private final Dockerfile dockerfile;
    private final Findings findings;

    InstructionChecks(Dockerfile dockerfile, Findings findings) {
        this.dockerfile = dockerfile;
        this.findings = findings;
    }

    void run() {
        emptyContinuations();
        casing();
        dockerfile.metaArgs().forEach(this::secrets);
        Map<String, Boolean> absoluteWorkdir = new HashMap<>();
        Map<String, Boolean> shellSet = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Stage stage : dockerfile.stages()) {
            stageName(stage, seen);
            String parent = stage.from().image().toLowerCase(Locale.ROOT);
            boolean absolute = absoluteWorkdir.getOrDefault(parent, false);
            boolean shell = shellSet.getOrDefault(parent, false);
            Map<String, List<Instruction>> repeated = new LinkedHashMap<>();
            for (Instruction instruction : stage.instructions()) {
                switch (instruction) {
                    case Instruction.Maintainer m -> findings.add(LintRules.MAINTAINER_DEPRECATED, m.range());
                    case Instruction.Env e -> { legacy(e.range(), "ENV", e.vars()); secrets(e); }
                    case Instruction.Label l -> legacy(l.range(), "LABEL", l.labels());
                    case Instruction.Arg a -> secrets(a);
                    case Instruction.Shell s -> shell = true;
                    case Instruction.Cmd c -> { jsonArgs(c.range(), "CMD", c.command(), shell); repeated(repeated, c); }
                    case Instruction.Entrypoint e -> {
                        jsonArgs(e.range(), "ENTRYPOINT", e.command(), shell);
                        repeated(repeated, e);
                    }
                    case Instruction.Healthcheck h -> repeated(repeated, h);
                    case Instruction.Workdir w -> absolute = workdir(w, absolute);
                    default -> { }
                }
            }
            repeated.forEach((keyword, all) -> all.subList(0, all.size() - 1)
                    .forEach(i -> findings.add(LintRules.MULTIPLE_INSTRUCTIONS_DISALLOWED, i.range(), keyword)));
            String key = stage.name().orElse(Integer.toString(stage.index()));
            absoluteWorkdir.put(key, absolute);
            shellSet.put(key, shell);
        }
    }

    private void emptyContinuations() {
        for (Diagnostic warning : dockerfile.warnings()) {
            if (warning.message().startsWith("empty continuation line")) {
                findings.add(LintRules.NO_EMPTY_CONTINUATION, warning.range());
            }
        }
    }

    /**
     * ConsistentInstructionCasing over the stages' instructions (BuildKit leaves the ARGs before
     * the first FROM out); FromAsCasing per FROM.
     */
    private void casing() {
        List<Instruction> all = new ArrayList<>();
        for (Stage stage : dockerfile.stages()) {
            all.add(stage.from());
            all.addAll(stage.instructions());
        }
        int lower = 0;
        int upper = 0;
        for (Instruction i : all) {
            String keyword = writtenKeyword(i);
            if (keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
                lower++;
            } else if (keyword.equals(keyword.toUpperCase(Locale.ROOT))) {
                upper++;
            }
        }
        boolean majorityLower = lower > upper;
        for (Instruction i : all) {
            String keyword = writtenKeyword(i);
            if (majorityLower && !keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
                findings.add(LintRules.CONSISTENT_INSTRUCTION_CASING, i.range(), keyword, "lowercase");
            } else if (!majorityLower && !keyword.equals(keyword.toUpperCase(Locale.ROOT))) {
                findings.add(LintRules.CONSISTENT_INSTRUCTION_CASING, i.range(), keyword, "uppercase");
            }
            if (i instanceof Instruction.From from) {
                fromAsCasing(from, keyword);
            }
        }
    }

    private static String writtenKeyword(Instruction i) {
        String original = i.original().strip();
        int space = original.indexOf(' ');
        String first = space < 0 ? original : original.substring(0, space);
        int tab = first.indexOf('\t');
        return tab < 0 ? first : first.substring(0, tab);
    }

    private void fromAsCasing(Instruction.From from, String keyword) {
        String[] words = from.original().strip().split("\\s+");
        if (from.name().isEmpty() || words.length < 3) {
            return;
        }
        String as = words[words.length - 2];
        boolean fromLower = keyword.equals(keyword.toLowerCase(Locale.ROOT));
        boolean fromUpper = keyword.equals(keyword.toUpperCase(Locale.ROOT));
        if ((fromLower && !as.equals(as.toLowerCase(Locale.ROOT))) || (fromUpper && !as.equals(as.toUpperCase(Locale.ROOT)))) {
            findings.add(LintRules.FROM_AS_CASING, from.range(), as, keyword);
        }
    }

    private void stageName(Stage stage, Set<String> seen) {
        if (stage.name().isEmpty()) {
            return;
        }
        String[] words = stage.from().original().strip().split("\\s+");
        String written = words[words.length - 1];
        String name = stage.name().get();
        if (!written.equals(written.toLowerCase(Locale.ROOT))) {
            findings.add(LintRules.STAGE_NAME_CASING, stage.from().range(), written);
        }
        if (!seen.add(name)) {
            findings.add(LintRules.DUPLICATE_STAGE_NAME, stage.from().range(), name);
        }
        if (RESERVED.contains(name)) {
            findings.add(LintRules.RESERVED_STAGE_NAME, stage.from().range(), name);
        }
    }

    private void legacy(SourceRange range, String keyword, List<KeyValue> pairs) {
        if (pairs.stream().anyMatch(KeyValue::legacyForm)) {
            findings.add(LintRules.LEGACY_KEY_VALUE_FORMAT, range, keyword, keyword);
        }
    }

    private void jsonArgs(SourceRange range, String keyword, CommandLine command, boolean shellSet) {
        // A SHELL instruction says the shell form is meant: BuildKit skips the check then.
        if (command instanceof CommandLine.ShellForm && !shellSet) {
            findings.add(LintRules.JSON_ARGS_RECOMMENDED, range, keyword);
        }
    }

    private static void repeated(Map<String, List<Instruction>> repeated, Instruction i) {
        repeated.computeIfAbsent(i.keyword(), k -> new ArrayList<>()).add(i);
    }

    private boolean workdir(Instruction.Workdir w, boolean absoluteBefore) {
        String path = w.path();
        boolean absolute = path.startsWith("/") || path.startsWith("$");
        if (!absolute && !absoluteBefore) {
            findings.add(LintRules.WORKDIR_RELATIVE_PATH, w.range(), path);
        }
        return absoluteBefore || absolute;
    }

    private void secrets(Instruction.Arg arg) {
        for (ArgDecl decl : arg.args()) {
            secret(arg.range(), "ARG", decl.name());
        }
    }

    private void secrets(Instruction.Env env) {
        for (KeyValue kv : env.vars()) {
            secret(env.range(), "ENV", kv.key());
        }
    }

    private void secret(SourceRange range, String keyword, String name) {
        if (SecretNames.looksSecret(name)) {
            findings.add(LintRules.SECRETS_USED_IN_ARG_OR_ENV, range, keyword, name);
        }
    }
}
