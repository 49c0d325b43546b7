package dev.stevedore.api;

import dev.stevedore.diag.SourceExcerpt;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Passes events on, remembering per step its name and last lines of output, and which step
 * failed first, so that a failed build can be reported as one {@link BuildEvent.BuildFailed}.
 */
final class FailureRecorder implements BuildListener {

    static final int TAIL_LINES = 20;

    private final BuildListener next;
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, Deque<String>> tails = new HashMap<>();
    private Integer failed;

    FailureRecorder(BuildListener next) {
        this.next = next;
    }

    @Override
    public void on(BuildEvent event) {
        synchronized (this) {
            switch (event) {
                case BuildEvent.StepStarted s -> names.put(s.step().number(), s.name());
                case BuildEvent.StepOutput o -> {
                    Deque<String> tail = tails.computeIfAbsent(o.step().number(), n -> new ArrayDeque<>());
                    tail.addLast(o.line());
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                case BuildEvent.StepFailed f -> {
                    if (failed == null) {
                        failed = f.step().number();
                    }
                }
                default -> { }
            }
        }
        next.on(event);
    }

    /**
     * The event describing {@code e}: the first step that failed, its output, and the lines of
     * {@code dockerfileText} the error points at when it names {@code dockerfileName}.
     */
    synchronized BuildEvent.BuildFailed failure(StevedoreException e, String dockerfileName,
                                                Optional<String> dockerfileText) {
        Optional<SourceExcerpt> excerpt = e.diagnostic()
                .filter(d -> d.range() != null && d.file().equals(dockerfileName) && dockerfileText.isPresent())
                .map(d -> SourceExcerpt.of(d.file(), dockerfileText.get(), d.range()));
        Optional<String> step = Optional.ofNullable(failed).map(names::get);
        List<String> tail = failed == null ? List.of() : List.copyOf(tails.getOrDefault(failed, new ArrayDeque<>()));
        return new BuildEvent.BuildFailed(Instant.now(), step, excerpt, tail, e.getMessage());
    }
}
