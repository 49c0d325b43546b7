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
 *
 * <p>A name may be used by several stages (BuildKit warns, {@code DuplicateStageName}, and
 * builds). Which one a name means then depends on who asks, as in BuildKit: a FROM means the
 * latest stage of that name defined above it ({@link #before}); {@code --from}, {@code --mount
 * from=} and {@code --target} mean the last one in the file ({@link #find}).
 */
final class StageNames {

    private final String file;
    private final List<Stage> stages;
    private final Map<String, Stage> lastByName = new HashMap<>();

    StageNames(Dockerfile dockerfile) {
        this.file = dockerfile.file();
        this.stages = dockerfile.stages();
        for (Stage stage : stages) {
            stage.name().ifPresent(name -> lastByName.put(name.toLowerCase(Locale.ROOT), stage));
        }
    }

    /** The last stage of the file named {@code name}, any case. */
    Optional<Stage> find(String name) {
        return Optional.ofNullable(lastByName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The latest stage named {@code name}, any case, among those before the stage of index {@code index}. */
    Optional<Stage> before(String name, int index) {
        String key = name.toLowerCase(Locale.ROOT);
        for (int i = Math.min(index, stages.size()) - 1; i >= 0; i--) {
            Stage stage = stages.get(i);
            if (stage.name().filter(n -> n.toLowerCase(Locale.ROOT).equals(key)).isPresent()) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }

    /** The stage of index {@code index}, which exists (the caller checked it is below the current one). */
    Stage stage(int index) {
        return stages.get(index);
    }

    /** The first stage named {@code name}, any case, after the stage of index {@code index}. */
    Optional<Stage> after(String name, int index) {
        String key = name.toLowerCase(Locale.ROOT);
        return stages.stream().skip(index + 1L)
                .filter(s -> s.name().filter(n -> n.toLowerCase(Locale.ROOT).equals(key)).isPresent())
                .findFirst();
    }

    List<String> names() {
        return stages.stream().flatMap(s -> s.name().stream()).distinct().toList();
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
