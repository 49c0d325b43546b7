package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RUN printing a hundred thousand lines, then failing, through the CLI: every line is shown, in
 * order, and the error view ends with the last of them (the renderer runs on a thread of its own).
 */
class LoudRunTest {

    private static final int LINES = 100_000;

    @TempDir
    Path dir;

    @Test
    void everyLineIsShownInOrderAndTheErrorViewHasTheLastTwenty() throws Exception {
        ProgressBuilds b = ProgressBuilds.in(dir, "FROM busybox\nRUN busybox seq 1 " + LINES + " && exit 4\n");
        CliRun run = b.build("--progress", "plain");
        assertThat(run.code()).isEqualTo(Cli.FAILED);

        List<String> shown = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^#4 \\d+\\.\\d{3} (.*)$").matcher(run.err());
        while (m.find()) {
            shown.add(m.group(1));
        }
        assertThat(shown).isEqualTo(numbers(1, LINES));

        String view = run.err().substring(run.err().indexOf("\n------\n"));
        List<String> tail = List.of(view.split("\n")).subList(3, 23);
        assertThat(view).startsWith("\n------\n > [2/2] RUN busybox seq 1 " + LINES + " && exit 4:\n");
        assertThat(tail).isEqualTo(numbers(LINES - 19, LINES));
        assertThat(view.split("\n")[23]).isEqualTo("------");
    }

    @Test
    void rawJsonCarriesEveryLineInOrder() throws Exception {
        ProgressBuilds b = ProgressBuilds.in(dir, "FROM busybox\nRUN busybox seq 1 " + LINES + "\n");
        CliRun run = b.build("--progress", "rawjson");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> shown = new ArrayList<>();
        Matcher m = Pattern.compile("\"type\":\"step-output\".*\"line\":\"(\\d+)\"").matcher(run.err());
        while (m.find()) {
            shown.add(m.group(1));
        }
        assertThat(shown).isEqualTo(numbers(1, LINES));
    }

    private static List<String> numbers(int from, int to) {
        List<String> list = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            list.add(Integer.toString(i));
        }
        return list;
    }
}
