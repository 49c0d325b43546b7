package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.syntax.Directives;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which frontend a Dockerfile asks for, with {@code # syntax=IMAGE} or the build arg
 * {@value #BUILD_ARG} (which wins, as in BuildKit). BuildKit pulls that image and lets it turn
 * the Dockerfile into a build graph; Stevedore has one frontend, built in, that implements
 * Dockerfile syntax 1 (labs included). So the official {@code docker/dockerfile} 1.x images
 * select it, and any other image is refused rather than silently ignored: a custom frontend's
 * syntax would be built with the wrong rules.
 */
final class FrontendSelection {

    /** The build arg BuildKit reads before the directive. */
    static final String BUILD_ARG = "BUILDKIT_SYNTAX";

    // [docker.io/]docker/dockerfile[:1 | 1.N | 1.N.M, each with an optional -labs | latest][@sha256:<hex>]
    private static final Pattern BUILT_IN = Pattern.compile(
            "(?:(?:docker\\.io|index\\.docker\\.io)/)?docker/dockerfile"
                    + "(?::(?:1(?:\\.\\d+){0,2}(?:-labs)?|labs|latest))?(?:@sha256:[0-9a-f]{64})?");

    private FrontendSelection() {}

    /**
     * Checks that the frontend {@code dockerfile} asks for is the built-in one.
     *
     * @throws InvalidInputException naming the file and line of the directive (or the build arg)
     *                               and the image, when it names another frontend
     */
    static void check(Dockerfile dockerfile, BuildArgs buildArgs) {
        Optional<String> arg = buildArgs.get(BUILD_ARG);
        if (arg.isPresent()) {
            if (!isBuiltIn(arg.get())) {
                throw new InvalidInputException("--build-arg " + BUILD_ARG + "=" + arg.get() + ": " + refusal(arg.get())
                        + "; use docker/dockerfile:1 or drop the build arg");
            }
            return;
        }
        Optional<Directives.Syntax> directive = dockerfile.directives().syntax();
        if (directive.isPresent() && !isBuiltIn(directive.get().value())) {
            throw new InvalidInputException(Diagnostic.error(dockerfile.file(), directive.get().range(),
                    "# syntax=" + directive.get().value() + ": " + refusal(directive.get().value())
                            + "; use docker/dockerfile:1 or remove the directive"));
        }
    }

    static boolean isBuiltIn(String image) {
        return BUILT_IN.matcher(image.strip()).matches();
    }

    private static String refusal(String image) {
        return "Stevedore has no external frontends (BuildKit would pull and run the image " + image
                + " to read this Dockerfile)";
    }
}
