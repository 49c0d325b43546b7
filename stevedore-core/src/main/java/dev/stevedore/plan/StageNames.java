package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Stage;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stages of a Dockerfile by name (case-insensitive, as BuildKit compares them) and the
 * "which stages exist, did you mean" part of the errors about them.
 */
final class StageNames {

    private final String file;
    private final List<Stage> stages;
    private final Map<String, Stage> byName = new HashMap<>();

    /** @throws InvalidInputException for a duplicate stage name (when the typed layer was bypassed) */
    StageNames(Dockerfile dockerfile) {
        this.file = dockerfile.file();
        this.stages = dockerfile.stages();
        for (Stage stage : stages) {
            stage.name().ifPresent(name -> {
                Stage first = byName.putIfAbsent(name.toLowerCase(Locale.ROOT), stage);
                if (first != null) {
                    throw new InvalidInputException(Diagnostic.error(file, stage.from().range(),
                            "duplicate stage name \"" + name + "\" (first defined on line "
                                    + first.from().range().startLine() + ")"));
                }
            });
        }
    }

    /** The stage named {@code name}, any case. */
    Optional<Stage> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    List<String> names() {
        return stages.stream().flatMap(s -> s.name().stream()).toList();
    }

    /** {@code (stages: builder, runtime)}, or a note that no stage has a name. */
    String listing() {
        List<String> names = names();
        return names.isEmpty() ? "(no stage has a name)" : "(stages: " + String.join(", ", names) + ")";
    }

    /** {@code "; did you mean \"builder\"?"} when a stage name is close to {@code typed}, else nothing. */
    String suggestion(String typed) {
        return Typos.closest(typed.toLowerCase(Locale.ROOT), names())
                .map(n -> "; did you mean \"" + n + "\"?").orElse("");
    }

    /** The stage {@code --target} names; the last stage when none is given. */
    Stage target(Optional<String> target) {
        if (target.isEmpty()) {
            return stages.getLast();
        }
        return find(target.get()).orElseThrow(() -> new InvalidInputException(Diagnostic.error(file, null,
                "target stage \"" + target.get() + "\" could not be found " + listing() + suggestion(target.get()))));
    }

    /** An error at {@code range}: {@code what}: no stage or image named "typed" (stages: ...); did you mean ...? */
    InvalidInputException unknown(SourceRange range, String what, String typed) {
        return new InvalidInputException(Diagnostic.error(file, range,
                what + ": no stage or image named \"" + typed + "\" " + listing() + suggestion(typed)));
    }
}
