package dev.stevedore.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Go binaries: the module build info the Go linker (1.18 and later) writes into an executable's
 * {@code .go.buildinfo} section. That section starts with a 32-byte header: the magic
 * {@code "\xff Go buildinf:"} (14 bytes), the pointer size, a flags byte (bit 1: the strings
 * follow inline; bit 0: big-endian) and padding; then two strings, each a uvarint length and its
 * bytes: the Go version ({@code go1.19.8}) and the module info, framed by 16 sentinel bytes on
 * each side, whose lines are {@code path}, {@code mod}, {@code dep}, {@code =>} (replacing the
 * module above it) and {@code build} settings, tab-separated.
 *
 * <p>The file is streamed once: only ELF files are searched, and only the bytes after the magic
 * are kept. Binaries from before Go 1.18 (pointers instead of inline strings) yield nothing.
 */
final class GoBinaries implements Scanner {

    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};
    private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEADER = 32;
    private static final int FLAG_INLINE = 0x2;
    /** The module info of a binary with a thousand dependencies is ~150 KB. */
    private static final int MAX_STRING = 4 << 20;
    private static final int SENTINEL = 16;
    private static final int CHUNK = 64 * 1024;

    @Override
    public boolean claims(String path, int mode) {
        return (mode & 0111) != 0;
    }

    @Override
    public List<SoftwarePackage> read(String path, InputStream content) throws IOException {
        byte[] head = content.readNBytes(ELF.length);
        if (!Arrays.equals(head, ELF)) {
            return List.of();
        }
        Optional<byte[]> info = afterMagic(content);
        if (info.isEmpty()) {
            return List.of();
        }
        return parse(info.get(), path);
    }

    /** The bytes from the magic on (up to the most two strings can take), if the stream has the magic. */
    private static Optional<byte[]> afterMagic(InputStream in) throws IOException {
        byte[] window = new byte[CHUNK + MAGIC.length];
        int kept = 0;
        for (int n = in.readNBytes(window, kept, CHUNK); n > 0; n = in.readNBytes(window, kept, CHUNK)) {
            int filled = kept + n;
            int at = indexOf(window, filled);
            if (at >= 0) {
                byte[] rest = in.readNBytes(HEADER + 2 * (10 + MAX_STRING));
                byte[] found = new byte[filled - at + rest.length];
                System.arraycopy(window, at, found, 0, filled - at);
                System.arraycopy(rest, 0, found, filled - at, rest.length);
                return Optional.of(found);
            }
            // keep the tail: the magic may straddle two chunks
            kept = Math.min(MAGIC.length - 1, filled);
            System.arraycopy(window, filled - kept, window, 0, kept);
        }
        return Optional.empty();
    }

    private static int indexOf(byte[] data, int length) {
        outer:
        for (int i = 0; i + MAGIC.length <= length; i++) {
            for (int j = 0; j < MAGIC.length; j++) {
                if (data[i + j] != MAGIC[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The packages of a build info blob starting with its magic: the standard library, the main module and each dependency. */
    static List<SoftwarePackage> parse(byte[] blob, String path) {
        if (blob.length < HEADER || (blob[MAGIC.length + 1] & FLAG_INLINE) == 0) {
            return List.of();
        }
        int[] at = {HEADER};
        Optional<String> goVersion = string(blob, at);
        Optional<String> modInfo = goVersion.isPresent() ? string(blob, at) : Optional.empty();
        if (modInfo.isEmpty()) {
            return List.of();
        }
        List<SoftwarePackage> found = new ArrayList<>();
        String version = goVersion.get();
        if (version.startsWith("go")) {
            found.add(new SoftwarePackage(Ecosystem.GOLANG, "stdlib", version,
                    Purl.of(Ecosystem.GOLANG, "", "stdlib", version.substring(2)), path));
        }
        String mod = modInfo.get();
        if (mod.length() >= 2 * SENTINEL + 1 && mod.charAt(mod.length() - SENTINEL - 1) == '\n') {
            mod = mod.substring(SENTINEL, mod.length() - SENTINEL);
        }
        String mainPackage = "";
        int lastModule = -1;
        for (String line : mod.split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "path" -> mainPackage = f.length >= 2 ? f[1] : "";
                case "mod", "dep" -> {
                    if (f.length >= 3) {
                        found.add(module(f[1], f[2], path));
                        lastModule = found.size() - 1;
                    }
                }
                case "=>" -> {
                    if (f.length >= 3 && lastModule >= 0) {
                        found.set(lastModule, module(f[1], f[2], path));
                    }
                }
                default -> {
                    // build settings: not packages
                }
            }
        }
        if (lastModule < 0 && !mainPackage.isEmpty()) {
            // built outside module mode (GOPATH, as Debian builds its Go packages): the main
            // package's path is all that names the program
            found.add(module(mainPackage, "", path));
        }
        return found;
    }

    private static SoftwarePackage module(String modulePath, String version, String path) {
        String[] parts = Purl.split(modulePath);
        return new SoftwarePackage(Ecosystem.GOLANG, modulePath, version,
                Purl.of(Ecosystem.GOLANG, parts[0], parts[1], version), path);
    }

    /** A uvarint-prefixed string at {@code at[0]}, advancing it; empty when it does not fit. */
    private static Optional<String> string(byte[] blob, int[] at) {
        long length = 0;
        int shift = 0;
        int i = at[0];
        while (true) {
            if (i >= blob.length || shift > 63) {
                return Optional.empty();
            }
            byte b = blob[i++];
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (length > MAX_STRING || i + length > blob.length) {
            return Optional.empty();
        }
        at[0] = i + (int) length;
        return Optional.of(new String(blob, i, (int) length, StandardCharsets.UTF_8));
    }
}
