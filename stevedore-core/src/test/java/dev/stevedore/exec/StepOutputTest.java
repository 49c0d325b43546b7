package dev.stevedore.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.event.StepId;
import dev.stevedore.runtime.OutputListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A RUN's output lines as the progress shows them: a redrawn progress bar is its last state. */
class StepOutputTest {

    @Test
    void aLineRedrawnWithCarriageReturnsIsItsLastState() {
        List<String> shown = new ArrayList<>();
        BuildListener listener = e -> {
            if (e instanceof BuildEvent.StepOutput o) {
                shown.add(o.line());
            }
        };
        OutputListener output = new StepHandle(listener, new StepId(1), "RUN curl", Optional.empty()).output();
        StringBuilder bar = new StringBuilder();
        for (int percent = 0; percent <= 100; percent++) {
            bar.append("\r").append(percent).append("% ").append("#".repeat(percent));
        }
        output.line(OutputListener.Stream.STDERR, bar.toString());
        output.line(OutputListener.Stream.STDOUT, "plain text");
        output.line(OutputListener.Stream.STDOUT, "a CRLF line\r");
        output.line(OutputListener.Stream.STDOUT, "spinner |\rspinner /\rdone\r");
        output.line(OutputListener.Stream.STDOUT, "");

        assertThat(shown).containsExactly("100% " + "#".repeat(100), "plain text", "a CRLF line", "done", "");
    }
}
