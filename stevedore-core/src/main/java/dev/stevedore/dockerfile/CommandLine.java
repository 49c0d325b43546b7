package dev.stevedore.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * The command of a RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: either shell form (one text the
 * stage's SHELL runs) or exec form (a JSON array of arguments run as they are).
 */
public sealed interface CommandLine {

    /** {@code RUN make all}: the text after the keyword and flags, not expanded. */
    record ShellForm(String text) implements CommandLine {
        public ShellForm {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code RUN ["make", "all"]}: the decoded JSON strings; possibly empty for CMD/ENTRYPOINT. */
    record ExecForm(List<String> args) implements CommandLine {
        public ExecForm {
            args = List.copyOf(args);
        }
    }
}
