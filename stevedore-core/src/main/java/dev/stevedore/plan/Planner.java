package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Stage;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.oci.Platform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Makes the {@link BuildPlan} of a Dockerfile, as BuildKit's {@code dockerfile2llb} does before
 * it builds anything: the global ARGs, the target, each needed stage's FROM and {@code --from}s
 * resolved, cycles refused, the other stages pruned.
 *
 * <h2>How names resolve</h2>
 * Stage names compare case-insensitively. FROM and {@code --from} values are expanded with the
 * global scope only (meta ARGs, {@code --build-arg}s, platform ARGs). Then:
 * <ul>
 * <li>A named build context of a stage's name replaces the stage wherever it is referred to
 *     (BuildKit's way to swap a stage for a prebuilt image or directory).</li>
 * <li>{@code FROM x} is the latest stage {@code x} defined <em>earlier</em>; a FROM
 *     naming its own stage ({@code FROM alpine AS alpine}) means the image, as in BuildKit. A
 *     FROM naming a <em>later</em> stage is an error ("is used before it is defined"), where
 *     BuildKit would pull an image of that name: write the full reference
 *     ({@code docker.io/library/x}) to mean the image.</li>
 * <li>{@code COPY --from=x} and {@code RUN --mount=from=x} refer to the last stage {@code x} of
 *     the file, wherever it is defined, as in BuildKit, whose forward references are legal; a reference back to the
 *     same stage or a loop of them is the error {@code circular dependency detected on stage}.</li>
 * <li>{@code --from=N} is the stage of index {@code N}, which must come before the current one.</li>
 * <li>Otherwise a named build context of that name, then an image (see {@link StageResolver} for
 *     the typo guard), then an error that lists the stages and suggests the closest.</li>
 * </ul>
 * Only the stages the target reaches are resolved: a broken stage that the target does not need
 * does not fail the build.
 */
public final class Planner {

    private Planner() {}

    /**
     * The plan for {@code request.target()} (the last stage when empty).
     *
     * @throws InvalidInputException naming the file, the line and the offending text for a
     *                               {@code # syntax=} that is no built-in frontend, an unknown
     *                               target, an unknown or invalid {@code --from} or FROM, a stage used
     *                               before it is defined or a cycle
     */
    public static BuildPlan plan(Dockerfile dockerfile, PlanRequest request) {
        FrontendSelection.check(dockerfile, request.buildArgs());
        StageNames names = new StageNames(dockerfile);
        ShellLexer lexer = new ShellLexer(dockerfile.directives().escape());
        GlobalArgs global = globalArgs(dockerfile, request, lexer);
        Stage target = names.target(request.target());
        StageResolver resolver = new StageResolver(dockerfile.file(), names, global, lexer, request);
        List<Stage> stages = dockerfile.stages();
        Map<Integer, StageResolver.Resolution> reached =
                StageGraph.reach(dockerfile.file(), stages, target.index(), i -> resolver.resolve(stages.get(i)));
        List<PlannedStage> order = new ArrayList<>();
        Map<Integer, Platform> platforms = new HashMap<>();
        for (int index : StageGraph.order(reached)) {
            PlannedStage planned = planned(reached.get(index), platforms, request.targetPlatform());
            platforms.put(index, planned.platform());
            order.add(planned);
        }
        List<Stage> skipped = stages.stream().filter(s -> !reached.containsKey(s.index())).toList();
        return new BuildPlan(dockerfile.file(), global, target.index(), order, skipped);
    }

    private static GlobalArgs globalArgs(Dockerfile dockerfile, PlanRequest request, ShellLexer lexer) {
        try {
            return GlobalArgs.resolve(dockerfile.metaArgs(), request.buildArgs(),
                    PlatformArgs.of(request.targetPlatform(), request.buildPlatform()), lexer);
        } catch (InvalidInputException e) {
            if (e.diagnostic().isPresent()) {
                throw e;
            }
            throw new InvalidInputException(Diagnostic.error(dockerfile.file(), null,
                    "global ARG: " + e.getMessage()));
        }
    }

    private static PlannedStage planned(StageResolver.Resolution r, Map<Integer, Platform> platforms,
                                        Platform targetPlatform) {
        Platform platform = r.explicitPlatform().orElseGet(() -> switch (r.base()) {
            case Base.FromStage s -> platforms.get(s.index());
            case Base.FromImage i -> targetPlatform;
            case Base.FromScratch s -> targetPlatform;
            case Base.FromContext c -> targetPlatform;
        });
        SortedSet<Integer> dependencies = new TreeSet<>();
        r.edges().forEach(e -> dependencies.add(e.to()));
        return new PlannedStage(r.stage(), r.base(), platform, dependencies, r.images(), r.sources());
    }
}
