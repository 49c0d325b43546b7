package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.StepId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The renderer's own thread: order, no loss, a bounded queue when the terminal is slow, and the end. */
class RendererThreadTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void linesOfParallelStepsAllArriveEachStepInOrder() throws Exception {
        List<BuildEvent> seen = Collections.synchronizedList(new ArrayList<>());
        RendererThread view = RendererThread.start(out -> ProgressView.of(seen::add), new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 4096);
        int steps = 4;
        int lines = 50_000;
        List<Thread> producers = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            StepId step = new StepId(s);
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < lines; i++) {
                    view.on(line(step, "line " + i));
                }
            }));
        }
        for (Thread t : producers) {
            t.join();
        }
        view.close();

        assertThat(seen).hasSize(steps * lines);
        Map<Integer, Integer> next = new HashMap<>();
        for (BuildEvent e : seen) {
            BuildEvent.StepOutput o = (BuildEvent.StepOutput) e;
            int expected = next.merge(o.step().number(), 1, Integer::sum) - 1;
            assertThat(o.line()).isEqualTo("line " + expected);
        }
    }

    @Test
    void aSlowTerminalMakesTheBuildWaitInsteadOfQueueingWithoutBound() throws Exception {
        int bound = 10_000;
        Semaphore terminal = new Semaphore(0);
        List<String> shown = Collections.synchronizedList(new ArrayList<>());
        RendererThread view = RendererThread.start(out -> ProgressView.of(event -> {
            terminal.acquireUninterruptibly();   // the terminal takes one event per permit
            shown.add(((BuildEvent.StepOutput) event).line());
        }), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), bound);
        int total = 20_000;
        StepId step = new StepId(2);
        AtomicInteger queued = new AtomicInteger();
        Thread process = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < total; i++) {
                view.on(line(step, String.format("%08d", i)));
                queued.incrementAndGet();
            }
        });

        // Each line weighs 8 characters and 16 of overhead: the queue is full within 24 of the bound.
        awaitWaitingWithFullQueue(process, view, bound - 24);
        assertThat(view.queuedChars()).isLessThanOrEqualTo(bound);
        assertThat(shown).isEmpty();
        assertThat(queued.get()).isLessThan(total);
        assertThat(process.isAlive()).isTrue();

        terminal.release(Integer.MAX_VALUE / 2);
        process.join();
        view.close();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(String.format("%08d", i));
        }
        assertThat(shown).isEqualTo(expected);
    }

    @Test
    void closeRendersWhatIsQueuedAndFlushesItToTheStream() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RendererThread view = RendererThread.start(PlainView::new, new PrintStream(err, false, StandardCharsets.UTF_8));
        view.on(new BuildEvent.StepStarted(AT, new StepId(1), "[stage-0 2/2] RUN seq 3"));
        for (int i = 1; i <= 3; i++) {
            view.on(line(new StepId(1), Integer.toString(i)));
        }
        view.on(new BuildEvent.StepDone(AT.plusMillis(1500), new StepId(1), Duration.ofMillis(1500)));
        view.close();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
                #1 [stage-0 2/2] RUN seq 3
                #1 0.250 1
                #1 0.250 2
                #1 0.250 3
                #1 DONE 1.5s
                """);
    }

    @Test
    void aFailingRendererNeitherBlocksTheBuildNorGoesUnnoticed() throws Exception {
        RendererThread view = RendererThread.start(out -> ProgressView.of(event -> {
            throw new IllegalArgumentException("broken renderer");
        }), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 100);
        Thread process = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 10_000; i++) {
                view.on(line(new StepId(1), "0123456789"));
            }
        });
        process.join();   // returns: the events after the failure are dropped, not waited on
        assertThatThrownBy(view::close).hasMessageContaining("broken renderer");
    }

    @Test
    void secondsAreWhatFormatWouldPrint() {
        for (long nanos : new long[] {0, 1, 499_999, 500_000, 999_999, 1_000_000, 1_234_567_890L, 59_999_500_000L,
                3_600_000_000_000L, 49_999_999L, 50_000_000L, 950_000_000L}) {
            for (int decimals : new int[] {1, 3}) {
                assertThat(PlainProgress.seconds(Duration.ofNanos(nanos), decimals)).as(nanos + " ns, " + decimals)
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%." + decimals + "f", nanos / 1e9));
            }
        }
        assertThat(PlainProgress.seconds(Duration.ofMillis(-5), 3)).isEqualTo("0.000");
    }

    private static BuildEvent.StepOutput line(StepId step, String text) {
        return new BuildEvent.StepOutput(AT.plusMillis(250), step, BuildEvent.Stream.STDOUT, text);
    }

    /**
     * Waits (however long it takes) until {@code t} waits while more than {@code full} characters are
     * queued; fails if {@code t} ends first, as it would if nothing bounded the queue.
     */
    private static void awaitWaitingWithFullQueue(Thread t, RendererThread view, int full) throws InterruptedException {
        while (t.getState() != Thread.State.WAITING || view.queuedChars() <= full) {
            assertThat(t.isAlive()).as("the producer finished without ever waiting").isTrue();
            Thread.sleep(1);
        }
    }

    /** PlainProgress as ProgressMode makes it. */
    private record PlainView(PlainProgress plain) implements ProgressView {
        PlainView(PrintStream out) {
            this(new PlainProgress(out));
        }

        @Override
        public void on(BuildEvent event) {
            plain.on(event);
        }

        @Override
        public void close() {}
    }
}
