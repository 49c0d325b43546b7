package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.CommandLine;
import dev.stevedore.dockerfile.CopySource;
import dev.stevedore.dockerfile.Instruction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A base image's ONBUILD triggers, parsed for the start of the stage that uses it. */
class OnbuildTriggersTest {

    @Test
    void triggersParseInOrder() {
        List<Instruction> triggers = OnbuildTriggers.parse(
                List.of("COPY . /app/src", "RUN make -C /app/src", "ENV A=1"), "example/base:1");
        assertThat(triggers).hasSize(3);
        assertThat(triggers.get(0)).isInstanceOfSatisfying(Instruction.Copy.class, c -> {
            assertThat(c.sources()).containsExactly(new CopySource.Path("."));
            assertThat(c.destination()).isEqualTo("/app/src");
        });
        assertThat(triggers.get(1)).isInstanceOfSatisfying(Instruction.Run.class,
                r -> assertThat(r.command()).isEqualTo(new CommandLine.ShellForm("make -C /app/src")));
        assertThat(triggers.get(2)).isInstanceOf(Instruction.Env.class);
        assertThat(OnbuildTriggers.parse(List.of(), "x")).isEmpty();
    }

    @Test
    void forbiddenAndBrokenTriggersAreErrorsNamingTheImage() {
        assertThatThrownBy(() -> OnbuildTriggers.parse(List.of("FROM alpine"), "base"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ONBUILD trigger \"FROM alpine\" of base image base: FROM isn't allowed as an ONBUILD trigger");
        assertThatThrownBy(() -> OnbuildTriggers.parse(List.of("MAINTAINER me"), "base"))
                .hasMessage("ONBUILD trigger \"MAINTAINER me\" of base image base: MAINTAINER isn't allowed as an ONBUILD trigger");
        assertThatThrownBy(() -> OnbuildTriggers.parse(List.of("ONBUILD RUN x"), "base"))
                .hasMessage("ONBUILD trigger \"ONBUILD RUN x\" of base image base: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        assertThatThrownBy(() -> OnbuildTriggers.parse(List.of("RUN a\nRUN b"), "base"))
                .hasMessage("ONBUILD trigger \"RUN a\nRUN b\" of base image base: a trigger must be exactly one instruction");
        assertThatThrownBy(() -> OnbuildTriggers.parse(List.of("BOGUS x"), "base"))
                .hasMessageStartingWith("ONBUILD trigger \"BOGUS x\" of base image base: ")
                .hasMessageContaining("unknown instruction: BOGUS");
        assertThatThrownBy(() -> OnbuildTriggers.parse(List.of(""), "base"))
                .hasMessage("ONBUILD trigger \"\" of base image base: a trigger must be exactly one instruction");
    }
}
