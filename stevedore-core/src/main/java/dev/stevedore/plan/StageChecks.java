package dev.stevedore.plan;

import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Stage;
import dev.stevedore.dockerfile.shell.Env;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.dockerfile.shell.WordExpansion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Stevedore's checks of what multi-stage builds are for: the final stage should not be a
 * toolchain image ({@code ToolchainFinalStage}), every stage should be used
 * ({@code UnusedStage}), and {@code COPY --from} should name its stage
 * ({@code CopyFromStageIndex}). References resolve as the {@link Planner} resolves them (FROM an
 * earlier stage, {@code --from} a stage anywhere or by index), but leniently: what the planner
 * would refuse is its error to report, not a finding.
 */
final class StageChecks {

    private final Dockerfile dockerfile;
    private final PlanRequest request;
    private final Findings findings;
    private final ShellLexer lexer;
    private final Env global;

    StageChecks(Dockerfile dockerfile, PlanRequest request, Findings findings) {
        this.dockerfile = dockerfile;
        this.request = request;
        this.findings = findings;
        this.lexer = new ShellLexer(dockerfile.directives().escape());
        this.global = LenientWords.global(dockerfile, request.buildArgs(),
                PlatformArgs.of(request.targetPlatform(), request.buildPlatform()), lexer).env();
    }

    void run() {
        List<Stage> stages = dockerfile.stages();
        Optional<Stage> target = request.target().isEmpty() ? Optional.of(stages.getLast())
                : named(request.target().get());
        target.ifPresent(this::toolchainFinalStage);
        unusedStages(target);
        for (Stage stage : stages) {
            for (Instruction instruction : stage.instructions()) {
                if (instruction instanceof Instruction.Copy copy && copy.from().isPresent()) {
                    copyFromIndex(copy);
                }
            }
        }
    }

    private void toolchainFinalStage(Stage target) {
        List<String> through = new ArrayList<>();
        Stage stage = target;
        Optional<Stage> parent;
        while ((parent = baseStage(stage)).isPresent()) {
            stage = parent.get();
            through.add("'" + label(stage) + "'");
        }
        Optional<String> image = expand(stage.from().image());
        if (image.isPresent() && ToolchainImages.isToolchain(image.get())) {
            String via = through.isEmpty() ? ""
                    : " (through stage" + (through.size() > 1 ? "s " : " ") + String.join(", ", through) + ")";
            findings.add(LintRules.TOOLCHAIN_FINAL_STAGE, target.from().range(), image.get(), via);
        }
    }

    /** Stages that are not the last one, not the target, and that nothing refers to. */
    private void unusedStages(Optional<Stage> target) {
        Set<Integer> used = new HashSet<>();
        used.add(dockerfile.stages().getLast().index());
        target.ifPresent(t -> used.add(t.index()));
        for (Stage stage : dockerfile.stages()) {
            baseStage(stage).ifPresent(s -> used.add(s.index()));
            for (Instruction instruction : stage.instructions()) {
                for (String written : StageResolver.fromValues(instruction)) {
                    referenced(written).ifPresent(s -> used.add(s.index()));
                }
            }
        }
        for (Stage stage : dockerfile.stages()) {
            if (!used.contains(stage.index())) {
                findings.add(LintRules.UNUSED_STAGE, stage.from().range(), label(stage));
            }
        }
    }

    private void copyFromIndex(Instruction.Copy copy) {
        Optional<String> value = expand(copy.from().get());
        if (value.isEmpty() || value.get().isEmpty() || !value.get().chars().allMatch(Character::isDigit)) {
            return;
        }
        Optional<Stage> stage = referenced(value.get());
        String advice = stage.flatMap(Stage::name).map(n -> "use --from=" + n + " instead")
                .orElse("name the stage (FROM ... AS <name>) and use --from=<name>");
        findings.add(LintRules.COPY_FROM_STAGE_INDEX, copy.range(), value.get(), advice);
    }

    /** The stage a FROM names: an earlier stage of that name (its own name means the image). */
    private Optional<Stage> baseStage(Stage stage) {
        return expand(stage.from().image()).flatMap(this::named).filter(s -> s.index() < stage.index());
    }

    /** The stage a {@code --from} value names: by index, or by name anywhere. */
    private Optional<Stage> referenced(String written) {
        Optional<String> value = expand(written);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        if (v.length() < 10 && v.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(v);
            return index < dockerfile.stages().size() ? Optional.of(dockerfile.stages().get(index)) : Optional.empty();
        }
        return named(v);
    }

    private Optional<Stage> named(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return dockerfile.stages().stream().filter(s -> s.name().filter(lower::equals).isPresent()).findFirst();
    }

    private Optional<String> expand(String word) {
        return LenientWords.expand(lexer, word, global).map(WordExpansion::value);
    }

    private static String label(Stage stage) {
        return StageGraph.name(stage);
    }
}
