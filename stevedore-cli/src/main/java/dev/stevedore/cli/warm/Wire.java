package dev.stevedore.cli.warm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warm server's protocol over its Unix socket: frames of one kind byte, a length and that
 * many bytes. The client says who it is ({@link Kind#HELLO}) and what to run ({@link Kind#REQUEST}),
 * then sends standard input when asked and Ctrl-C; the server sends standard output and error and,
 * last, the exit code. Both ends are the same jar ({@link Identity}), so the protocol needs no
 * versions of its own: a server of another jar answers {@link Kind#OTHER_VERSION} and goes.
 */
public final class Wire {

    /** One frame's kind; the byte is what travels. */
    public enum Kind {
        // client → server
        HELLO('H'), REQUEST('R'), STDIN('I'), STDIN_END('E'), CANCEL('C'),
        // server → client
        ACCEPTED('A'), OTHER_VERSION('V'), STDOUT('O'), STDERR('e'), WANT_STDIN('N'), EXIT('X');

        final byte code;

        Kind(char code) {
            this.code = (byte) code;
        }

        static Kind of(byte code) throws IOException {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IOException("unknown frame kind " + code);
        }
    }

    /** One frame. */
    public record Frame(Kind kind, byte[] payload) {}

    /** A frame is at most this long: a stdin or output chunk, or a command line with its environment. */
    static final int MAX_FRAME = 16 << 20;

    private final DataInputStream in;
    private final DataOutputStream out;

    public Wire(SocketChannel channel) {
        // the channel's own read and write (their locks are separate), not Channels' streams
        this.in = new DataInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return channel.read(ByteBuffer.wrap(b, off, len));
            }
        });
        this.out = new DataOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        });
    }

    /** The next frame; {@link EOFException} when the other end has gone. */
    public Frame read() throws IOException {
        Kind kind = Kind.of(in.readByte());
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(kind, payload);
    }

    public void write(Kind kind, byte[] payload) throws IOException {
        write(kind, payload, 0, payload.length);
    }

    /** Writes one frame whole: frames from several threads never interleave. */
    public synchronized void write(Kind kind, byte[] payload, int off, int len) throws IOException {
        byte[] frame = new byte[5 + len];
        ByteBuffer.wrap(frame).put(kind.code).putInt(len).put(payload, off, len);
        out.write(frame);
    }

    /** What to run: the command line, where and with what, as the client's process has them. */
    public record Request(List<String> args, String cwd, Map<String, String> env, boolean stdinTty,
                          boolean stderrTty) {

        public byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(bytes)) {
                d.writeInt(args.size());
                for (String a : args) {
                    writeString(d, a);
                }
                writeString(d, cwd);
                d.writeInt(env.size());
                for (Map.Entry<String, String> e : env.entrySet()) {
                    writeString(d, e.getKey());
                    writeString(d, e.getValue());
                }
                d.writeBoolean(stdinTty);
                d.writeBoolean(stderrTty);
            } catch (IOException e) {
                throw new IllegalStateException(e); // into memory
            }
            return bytes.toByteArray();
        }

        public static Request decode(byte[] payload) throws IOException {
            DataInputStream d = new DataInputStream(new ByteArrayInputStream(payload));
            int n = d.readInt();
            List<String> args = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                args.add(readString(d));
            }
            String cwd = readString(d);
            int m = d.readInt();
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                env.put(readString(d), readString(d));
            }
            return new Request(args, cwd, env, d.readBoolean(), d.readBoolean());
        }

        // not writeUTF: a build arg or an environment value may be longer than 64 KiB
        private static void writeString(DataOutputStream d, String s) throws IOException {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            d.writeInt(b.length);
            d.write(b);
        }

        private static String readString(DataInputStream d) throws IOException {
            int length = d.readInt();
            if (length < 0 || length > MAX_FRAME) {
                throw new IOException("string of " + length + " bytes");
            }
            return new String(d.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** An int as a payload (exit codes, how much stdin is wanted). */
    public static byte[] number(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    public static int number(byte[] payload) {
        return ByteBuffer.wrap(payload).getInt();
    }
}
