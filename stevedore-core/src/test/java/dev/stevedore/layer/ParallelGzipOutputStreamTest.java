package dev.stevedore.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {

    @Test
    void parallelGzipIsOneStreamOfMembersIndependentOfTiming() throws IOException {
        byte[] data = new byte[5 * ParallelGzipOutputStream.CHUNK + 7];
        new Random(1).nextBytes(data);
        for (int i = 0; i < data.length; i += 3) {
            data[i] = 0; // compressible
        }
        byte[] first = gzip(data);
        assertThat(gzip(data)).isEqualTo(first);
        try (var in = new GZIPInputStream(new ByteArrayInputStream(first))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(gzip(new byte[0])).isEqualTo(ParallelGzipOutputStream.gzip(new byte[0], java.util.zip.Deflater.BEST_SPEED));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gz = new ParallelGzipOutputStream(out)) {
            for (int i = 0; i < data.length; i += 100_000) {
                gz.write(data, i, Math.min(100_000, data.length - i));
            }
        }
        return out.toByteArray();
    }
}
