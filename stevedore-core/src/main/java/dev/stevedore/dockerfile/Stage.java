package dev.stevedore.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One build stage: a FROM and the instructions up to the next FROM.
 *
 * @param index        the stage's position, from 0 ({@code COPY --from=0} refers to it)
 * @param from         the FROM that opens it
 * @param instructions the instructions after the FROM, in order
 */
public record Stage(int index, Instruction.From from, List<Instruction> instructions) {

    public Stage {
        Objects.requireNonNull(from, "from");
        instructions = List.copyOf(instructions);
    }

    /** The {@code AS} name, lower-cased; empty for an unnamed stage. */
    public Optional<String> name() {
        return from.name();
    }
}
