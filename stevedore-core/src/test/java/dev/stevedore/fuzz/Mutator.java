package dev.stevedore.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Structured damage to valid inputs, seeded so a failure names the input that caused it:
 * truncation, deletion, a byte flipped, a token of the format inserted, a slice repeated (deep
 * nesting), two seeds spliced, or plain random bytes.
 */
final class Mutator {

    private static final byte[][] TOKENS = Arrays.stream(new String[] {
        "${", "}", "$", ":-", ":+", ":?", "#", "##", "%", "%%", "/", "//", "'", "\"", "\\", "`", "\n", "\r\n", " ", "\t",
        "[", "]", "{", "}", ",", ":", "null", "-1", "1e999", "\"\\u0000\"", "<<EOF\n", "EOF\n", "<<-", "!", "*", "**",
        "?", "[^", "[a-", "..", "../", "/", "@sha256:", ":tag", "localhost:5000/", "\u0000", "\uFEFF", "é", "\uD800",
        "FROM a\n", "RUN ", "ONBUILD ", "COPY --from=", "--mount=type=", "\\\n", "# escape=`\n",
    }).map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private final Random random;
    private final List<byte[]> seeds;

    Mutator(long seed, List<byte[]> seeds) {
        this.random = new Random(seed);
        this.seeds = seeds;
    }

    byte[] next() {
        byte[] input = seeds.get(random.nextInt(seeds.size()));
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            input = mutate(input);
        }
        return input;
    }

    private byte[] mutate(byte[] in) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
        return switch (random.nextInt(8)) {
            case 0 -> Arrays.copyOf(in, at);
            case 1 -> splice(in, at, Math.min(in.length, at + 1 + random.nextInt(16)), new byte[0]);
            case 2 -> flip(in);
            case 3, 4 -> splice(in, at, at, TOKENS[random.nextInt(TOKENS.length)]);
            case 5 -> repeat(in, at);
            case 6 -> splice(in, at, in.length, tail(seeds.get(random.nextInt(seeds.size()))));
            default -> randomBytes();
        };
    }

    private byte[] flip(byte[] in) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        return out;
    }

    /** A slice repeated many times: nesting and long runs. */
    private byte[] repeat(byte[] in, int at) {
        int end = Math.min(in.length, at + 1 + random.nextInt(8));
        byte[] slice = Arrays.copyOfRange(in, at, end);
        if (slice.length == 0) {
            slice = TOKENS[random.nextInt(TOKENS.length)];
        }
        int times = 2 + random.nextInt(random.nextBoolean() ? 16 : 2_000);
        byte[] many = new byte[slice.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(slice, 0, many, i * slice.length, slice.length);
        }
        return splice(in, at, at, many);
    }

    private byte[] tail(byte[] other) {
        return Arrays.copyOfRange(other, other.length == 0 ? 0 : random.nextInt(other.length), other.length);
    }

    private byte[] randomBytes() {
        byte[] out = new byte[random.nextInt(256)];
        random.nextBytes(out);
        return out;
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }
}
