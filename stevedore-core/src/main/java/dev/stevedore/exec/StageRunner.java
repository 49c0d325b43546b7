package dev.stevedore.exec;

import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.plan.StageScope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the instructions of one stage, in order, from its base to its final state. */
final class StageRunner {

    private StageRunner() {}

    static StageState run(BuildSession session, StagePlan.Planned planned) {
        List<Instruction> instructions = new ArrayList<>();
        StageState state = base(session, planned, instructions);
        instructions.addAll(planned.stage().instructions());
        int total = 1 + (int) instructions.stream().filter(i -> !ConfigStep.handles(i)).count();
        boolean noCache = session.options.noCache()
                || session.options.noCacheFilter().contains(planned.displayName());
        StageScope scope = new StageScope(session.global, session.options.buildArgs(), session.lexer,
                env(state.config()));
        StageContext ctx = new StageContext(session, planned, scope, noCache, total);
        ctx.step(StageContext.text(planned.stage().from())).done();
        for (Instruction in : instructions) {
            state = step(ctx, state, in);
        }
        return state;
    }

    private static StageState step(StageContext ctx, StageState state, Instruction in) {
        return switch (in) {
            case Instruction.Run run -> RunStep.apply(ctx, state, run);
            case Instruction.Copy copy -> CopyStep.apply(ctx, state, copy);
            case Instruction.Add add -> CopyStep.apply(ctx, state, add);
            case Instruction.Workdir workdir -> WorkdirStep.apply(ctx, state, workdir);
            case Instruction.From from -> throw ctx.error(from, "FROM inside a stage");
            default -> ConfigStep.apply(ctx, state, in);
        };
    }

    /** The state a stage starts from; the base image's ONBUILD triggers are added to {@code triggers}. */
    private static StageState base(BuildSession session, StagePlan.Planned planned, List<Instruction> triggers) {
        return switch (planned.base()) {
            case StagePlan.Base.Scratch() -> new StageState(ImageConfig.scratch(session.options.platform()), List.of(),
                    CacheKeys.root("scratch", session.options.platform().toString()));
            case StagePlan.Base.FromStage(int index) -> session.stages.get(index).join();
            case StagePlan.Base.Image(String reference) -> {
                BaseImage image = session.images.get(reference);
                ImageConfig config = image.config();
                if (!config.config().onBuild().isEmpty()) {
                    triggers.addAll(parseTriggers(config.config().onBuild()));
                    config = config.withConfig(c -> c.withOnBuild(List.of()));
                }
                yield new StageState(config, image.layers(), CacheKeys.root("image", image.manifestDigest().toString(),
                        session.options.platform().toString()));
            }
        };
    }

    private static List<Instruction> parseTriggers(List<String> onBuild) {
        String text = "FROM scratch\n" + String.join("\n", onBuild) + "\n";
        return DockerfileParser.parse("ONBUILD", text.getBytes(StandardCharsets.UTF_8)).stages().getFirst()
                .instructions();
    }

    private static Map<String, String> env(ImageConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : config.config().env()) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                env.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        return env;
    }
}
