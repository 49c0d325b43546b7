package dev.stevedore.exec;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildPlan;
import dev.stevedore.plan.PlannedStage;
import dev.stevedore.runtime.Binfmt;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checked before a build starts: every platform a stage with a {@code RUN} is built for runs on
 * this machine, natively or under emulation ({@link Binfmt}). A platform that cannot fails the
 * build at once, in one sentence that names the fix, instead of at its first RUN.
 */
final class Emulation {

    private Emulation() {}

    static void requireRunnable(List<BuildPlan> plans, Binfmt binfmt) {
        Set<Platform> needed = new LinkedHashSet<>();
        for (BuildPlan plan : plans) {
            for (PlannedStage stage : plan.stages()) {
                if (stage.stage().instructions().stream().anyMatch(i -> i instanceof Instruction.Run)) {
                    needed.add(stage.platform().normalize());
                }
            }
        }
        for (Platform p : needed) {
            binfmt.whyNot(p).ifPresent(why -> {
                throw new InvalidInputException(why);
            });
        }
    }
}
