package dev.stevedore.exec;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Stage;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.plan.GlobalArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SEAM until {@code plan.Planner} lands: the stage graph the executor needs, made the simplest
 * way. Stages by name (case-insensitive) and index, {@code FROM <stage>}, {@code COPY --from},
 * the target and the stages it needs, in build order. Replace with {@code plan.BuildPlan}.
 *
 * @param stages the stages the target needs, dependencies first; the last is the target
 */
public record StagePlan(List<Planned> stages) {

    /** What a stage starts from. */
    public sealed interface Base {
        record Scratch() implements Base {}

        record Image(String reference) implements Base {}

        record FromStage(int index) implements Base {}
    }

    /**
     * One stage with its base and the stages it reads (FROM and COPY --from), by index.
     *
     * @param copyFrom the {@code --from} value of each COPY that names a stage → its index;
     *                 values absent from the map name images
     */
    public record Planned(Stage stage, Base base, Set<Integer> dependencies, Map<String, Integer> copyFrom) {
        public String displayName() {
            return stage.name().orElse("stage-" + stage.index());
        }
    }

    /** Plans {@code dockerfile} for {@code target} (empty: the last stage). */
    public static StagePlan of(Dockerfile dockerfile, Optional<String> target, GlobalArgs global, ShellLexer lexer) {
        List<Stage> all = dockerfile.stages();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (Stage s : all) {
            s.name().ifPresent(n -> {
                if (names.putIfAbsent(n, s.index()) != null) {
                    throw error(dockerfile, s.from().range(), "duplicate stage name \"" + n + "\"");
                }
            });
        }
        List<Planned> planned = new ArrayList<>();
        for (Stage s : all) {
            String image = lexer.expandWord(s.from().image(), global.env());
            Base base = image.equalsIgnoreCase("scratch") ? new Base.Scratch()
                    : stageRef(image, names, s.index(), dockerfile, s.from().range())
                            .<Base>map(Base.FromStage::new).orElse(new Base.Image(image));
            Set<Integer> deps = new LinkedHashSet<>();
            if (base instanceof Base.FromStage(int i)) {
                deps.add(i);
            }
            Map<String, Integer> copyFrom = new LinkedHashMap<>();
            for (Instruction in : s.instructions()) {
                if (in instanceof Instruction.Copy c && c.from().isPresent()) {
                    String from = lexer.expandWord(c.from().get(), global.env());
                    stageRef(from, names, s.index(), dockerfile, c.range()).ifPresent(i -> {
                        deps.add(i);
                        copyFrom.put(c.from().get(), i);
                    });
                }
            }
            planned.add(new Planned(s, base, deps, copyFrom));
        }
        int targetIndex = all.size() - 1;
        if (target.isPresent()) {
            Integer t = names.get(target.get().toLowerCase(Locale.ROOT));
            if (t == null) {
                throw new InvalidInputException("target stage \"" + target.get() + "\" could not be found"
                        + suggestion(target.get(), names.keySet()));
            }
            targetIndex = t;
        }
        List<Planned> order = new ArrayList<>();
        visit(targetIndex, planned, new LinkedHashSet<>(), order);
        return new StagePlan(order);
    }

    private static void visit(int index, List<Planned> all, Set<Integer> done, List<Planned> order) {
        if (!done.add(index)) {
            return;
        }
        // Stages refer only to earlier stages (checked in stageRef), so there is no cycle.
        for (int dep : all.get(index).dependencies()) {
            visit(dep, all, done, order);
        }
        order.add(all.get(index));
    }

    /** The stage {@code ref} names (by name or index), checking it is defined before {@code current}. */
    private static Optional<Integer> stageRef(String ref, Map<String, Integer> names, int current,
                                              Dockerfile dockerfile, SourceRange range) {
        Integer index = names.get(ref.toLowerCase(Locale.ROOT));
        if (index == null && ref.matches("[0-9]+")) {
            try {
                index = Integer.parseInt(ref);
            } catch (NumberFormatException e) {
                index = Integer.MAX_VALUE;
            }
            if (index >= current) {
                throw error(dockerfile, range, "invalid stage index " + ref + ": only stages before this one ("
                        + current + ") can be used");
            }
        }
        if (index == null) {
            return Optional.empty();
        }
        if (index == current) {
            throw error(dockerfile, range, "stage \"" + ref + "\" refers to itself (a cycle)");
        }
        if (index > current) {
            throw error(dockerfile, range, "stage \"" + ref + "\" is used before it is defined (a cycle or a forward"
                    + " reference)");
        }
        return Optional.of(index);
    }

    private static String suggestion(String typed, Set<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int d = distance(typed.toLowerCase(Locale.ROOT), n);
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
            }
        }
        String list = " (stages: " + String.join(", ", names) + ")";
        return best != null && bestDistance <= Math.max(2, typed.length() / 3)
                ? ": did you mean \"" + best + "\"?" + list : list;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    private static InvalidInputException error(Dockerfile dockerfile, SourceRange range, String message) {
        return new InvalidInputException(Diagnostic.error(dockerfile.file(), range, message));
    }
}
