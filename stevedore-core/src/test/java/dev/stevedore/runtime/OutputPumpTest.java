package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How the pump cuts a stream into lines, whatever sizes the reads come in. */
class OutputPumpTest {

    @Test
    void everyLineArrivesInOrderWhateverTheReadSizes() throws Exception {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            String line = "line " + i + " é€";
            expected.add(line);
            text.append(line).append('\n');
        }
        assertThat(pump(text.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @Test
    void aLastLineWithoutBreakAndEmptyLinesAreKept() throws Exception {
        assertThat(pump("a\n\nb\nlast".getBytes(StandardCharsets.UTF_8))).containsExactly("a", "", "b", "last");
        assertThat(pump("a\n".getBytes(StandardCharsets.UTF_8))).containsExactly("a");
    }

    @Test
    void aLongLineComesInPiecesOfMaxLine() throws Exception {
        int length = OutputPump.MAX_LINE * 2 + 10;
        String line = "x".repeat(length);
        List<String> got = pump((line + "\nafter\n").getBytes(StandardCharsets.UTF_8));
        assertThat(got).hasSize(4);
        assertThat(got.get(0)).hasSize(OutputPump.MAX_LINE);
        assertThat(got.get(1)).hasSize(OutputPump.MAX_LINE);
        assertThat(got.get(2)).isEqualTo("x".repeat(10));
        assertThat(got.get(3)).isEqualTo("after");
    }

    /** Runs the pump over {@code bytes} served in random small and large reads. */
    private static List<String> pump(byte[] bytes) throws InterruptedException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        OutputPump.start(new ChoppyStream(bytes), OutputListener.Stream.STDOUT, (s, l) -> lines.add(l)).join();
        return lines;
    }

    /** Serves its bytes in reads of 1 to 20,000 bytes, as a pipe might. */
    private static final class ChoppyStream extends InputStream {
        private final ByteArrayInputStream in;
        private final Random random = new Random(9);

        ChoppyStream(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1 + random.nextInt(20_000)));
        }
    }
}
