package dev.stevedore.exec;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.plan.PlannedStage;
import dev.stevedore.plan.StageScope;
import java.util.ArrayList;
import java.util.List;

/** One running stage, as its steps see it: the session, the stage's variables, its name for progress. */
final class StageContext {

    final BuildSession session;
    final PlannedStage planned;
    final StageScope scope;
    final boolean noCache;
    private final int total;
    private int shown;
    /** The steps shown so far, for the stage's {@link StageResult}. */
    final List<StepHandle> steps = new ArrayList<>();
    /** Whether this stage set CMD: ENTRYPOINT then keeps it, else resets it as Docker does. */
    boolean cmdSet;

    StageContext(BuildSession session, PlannedStage planned, StageScope scope, boolean noCache, int total) {
        this(session, planned, scope, noCache, total, 0);
    }

    /** @param shown the steps already shown (the FROM step, started before the context) */
    StageContext(BuildSession session, PlannedStage planned, StageScope scope, boolean noCache, int total, int shown) {
        this.session = session;
        this.planned = planned;
        this.scope = scope;
        this.noCache = noCache;
        this.total = total;
        this.shown = shown;
    }

    /**
     * Starts the progress of the step of {@code in}, named as BuildKit names it: its text with the
     * variables the stage sees expanded; a RUN keeps its quotes and the variables its shell will
     * expand (BuildKit's {@code processCmdEnv}). Text that does not expand is shown as written.
     */
    StepHandle step(Instruction in) {
        ShellLexer lexer = in instanceof Instruction.Run ? session.lexer.keepingQuotesAndUnsetVariables() : session.lexer;
        String text = text(in);
        try {
            text = lexer.expandWord(text, scope.env());
        } catch (InvalidInputException e) {
            // the step reports the bad word itself
        }
        return step(text);
    }

    /** Starts the progress of the next shown step: {@code [builder 2/4] RUN make}. */
    private StepHandle step(String text) {
        shown++;
        StepHandle step = session.step(session.plan.progressName(planned.index()), shown, total, text);
        steps.add(step);
        return step;
    }

    String file() {
        return session.dockerfile.file();
    }

    InvalidInputException error(Instruction in, String message) {
        return new InvalidInputException(Diagnostic.error(file(), in.range(), message));
    }

    /** The instruction's text for progress and errors: its first line, flags included. */
    static String text(Instruction in) {
        String original = in.original().strip();
        int nl = original.indexOf('\n');
        return nl < 0 ? original : original.substring(0, nl);
    }
}
