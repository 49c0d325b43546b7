package dev.stevedore.exec;

import dev.stevedore.context.BuildContext;
import dev.stevedore.event.StepId;
import java.util.Optional;

/**
 * The first steps BuildKit shows of every build, before the stages: the Dockerfile and the
 * ignore file read from the context, with their sizes ({@code #1 [internal] load build definition
 * from Dockerfile}, {@code #1 transferring dockerfile: 221B done}; {@code #2 [internal] load
 * .dockerignore}, {@code #2 transferring context: 34B done}). Both were read when the context was
 * opened; these steps say so, in the words scripts and eyes are used to.
 */
final class InternalSteps {

    /** The item of a {@link dev.stevedore.event.BuildEvent.StepProgress} BuildKit shows as {@code transferring dockerfile: SIZE}. */
    static final String TRANSFERRING_DOCKERFILE = "transferring dockerfile:";
    /** The item BuildKit shows as {@code transferring context: SIZE}. */
    static final String TRANSFERRING_CONTEXT = "transferring context:";

    private InternalSteps() {}

    /** Shows the two steps, numbered first (once for a build of several platforms). */
    static void load(ExecOptions options, BuildShared shared) {
        BuildContext context = options.context();
        long dockerfile = context.dockerfile().content().length;
        StepHandle definition = step(options, shared, "[internal] load build definition from "
                + shownName(context.dockerfile().name()));
        definition.progress(TRANSFERRING_DOCKERFILE, dockerfile, dockerfile);
        definition.done();
        long ignore = context.ignorePatterns().bytes();
        StepHandle dockerignore = step(options, shared, "[internal] load .dockerignore");
        dockerignore.progress(TRANSFERRING_CONTEXT, ignore, ignore);
        dockerignore.done();
    }

    /** The file's own name, as buildx sends it ({@code -f ci/Dockerfile.prod} → {@code Dockerfile.prod}); standard input's is {@code Dockerfile}. */
    static String shownName(String name) {
        if (name.equals("-") || name.isEmpty()) {
            return "Dockerfile";
        }
        int slash = name.replaceAll("/+$", "").lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    private static StepHandle step(ExecOptions options, BuildShared shared, String name) {
        return new StepHandle(options.listener(), new StepId(shared.steps.incrementAndGet()), name, Optional.empty());
    }
}
