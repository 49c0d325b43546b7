package dev.stevedore.maven;

import dev.stevedore.diag.Sentences;
import dev.stevedore.event.BuildEvent;
import java.util.Optional;

/**
 * A failed build as the {@code MojoFailureException}'s message, the view {@code stevedore build}
 * prints: the failing step with its last lines of output, the Dockerfile around the failing
 * instruction, then the one-sentence reason. Maven shows the message at the end of its log, where
 * a reader looks first.
 */
final class FailureView {

    private static final String STEP_RULE = "------";

    private FailureView() {}

    /** The view of {@code failure} when the build reported one, else {@code reason} alone. */
    static String of(Optional<BuildEvent.BuildFailed> failure, String reason) {
        if (failure.isEmpty()) {
            return "failed to build: " + Sentences.shorten(reason);
        }
        BuildEvent.BuildFailed f = failure.get();
        StringBuilder out = new StringBuilder("failed to build: ").append(Sentences.shorten(f.reason())).append('\n');
        if (f.step().isPresent()) {
            out.append(STEP_RULE).append('\n').append(" > ").append(f.step().get()).append(":\n");
            f.outputTail().forEach(line -> out.append(Sentences.shorten(line)).append('\n'));
            out.append(STEP_RULE).append('\n');
        }
        f.excerpt().ifPresent(excerpt -> excerpt.render().lines()
                .forEach(line -> out.append(Sentences.shorten(line)).append('\n')));
        return out.toString().stripTrailing();
    }
}
