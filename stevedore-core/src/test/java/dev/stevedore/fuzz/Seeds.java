package dev.stevedore.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Valid inputs to start mutating from, per target: BuildKit's, moby's and distribution's
 * conformance vectors when {@code shared/conformance} is there, and a few written here so the
 * mutations have something to work on without it.
 */
final class Seeds {

    private Seeds() {}

    static List<byte[]> dockerfile() {
        List<byte[]> seeds = new ArrayList<>(List.of(utf8("""
                # syntax=docker/dockerfile:1
                ARG BASE=busybox
                FROM ${BASE} AS build
                ENV A=1 B="two words"
                RUN --mount=type=cache,target=/c --mount=type=secret,id=s echo $A
                COPY --from=build --chown=1:2 --chmod=u+x a b /dst/
                RUN <<EOF
                echo hi
                EOF
                HEALTHCHECK --interval=5s CMD ["true"]
                ONBUILD RUN x
                CMD ["sh", "-c", "echo"]
                """)));
        conformance("dockerfile-parser").ifPresent(dir -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.getFileName().toString().equals("Dockerfile")).sorted().forEach(p -> seeds.add(read(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return seeds;
    }

    /** Each seed's first byte is the lexer's mode (see {@link FuzzTargets#words}). */
    static List<byte[]> words() {
        List<String> texts = new ArrayList<>(List.of("${A:-x}", "${A#*}", "${A//a/b}", "'$A' \"$A\" \\$A", "${A:?bad}"));
        conformance("word-expansion").ifPresent(dir -> {
            for (String line : lines(dir.resolve("single-word.txt"))) {
                int first = line.indexOf('|');
                int last = line.lastIndexOf('|');
                if (first >= 0 && last > first) {
                    texts.add(line.substring(first + 1, last).strip());
                }
            }
            Matcher m = Pattern.compile("\"input\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(String.join("\n",
                    lines(dir.resolve("with-matches.jsonl"))));
            while (m.find()) {
                texts.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        });
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            seeds.add(concat(new byte[] {(byte) i}, utf8(texts.get(i))));
        }
        return seeds;
    }

    static List<byte[]> ignore() {
        List<byte[]> seeds = new ArrayList<>(List.of(utf8("# comment\n*.go\n!keep.go\ndocs/\n**/tmp\n/abs\n[a-c]?x\n")));
        conformance("ignore-patterns").ifPresent(dir -> column(dir.resolve("vectors.tsv"), 2).forEach(json -> {
            List<String> patterns = new ArrayList<>();
            Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
            while (m.find()) {
                patterns.add(m.group(1));
            }
            seeds.add(utf8(String.join("\n", patterns)));
        }));
        return seeds;
    }

    static List<byte[]> reference() {
        List<byte[]> seeds = new ArrayList<>(List.of(utf8("localhost:5000/a/b:c@sha256:" + "0".repeat(64)),
                utf8("busybox"), utf8("[::1]:5000/x:y")));
        conformance("image-references").ifPresent(dir -> column(dir.resolve("vectors.tsv"), 2)
                .forEach(input -> seeds.add(utf8(input))));
        return seeds;
    }

    static List<byte[]> ociJson() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : new String[] {"docker-config.json", "docker-manifest-list.json", "docker-manifest.json",
                "oci-config.json", "oci-index-attestations.json", "oci-manifest.json"}) {
            try (InputStream in = Seeds.class.getResourceAsStream("/oci/" + name)) {
                seeds.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds;
    }

    /** Small layers with every kind of member, plain and gzipped. */
    static List<byte[]> layer() {
        byte[] tar = tar();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(tar, gz.toByteArray());
    }

    private static byte[] tar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry("d/", true);
            dir.addPaxHeader("SCHILY.xattr.user.k", "v");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            TarArchiveEntry file = new TarArchiveEntry("d/f", true);
            file.setSize(5);
            file.setMode(0100755);
            tar.putArchiveEntry(file);
            tar.write(utf8("hello"));
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("d/s", TarConstants.LF_SYMLINK, true);
            link.setLinkName("/d/f");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("h", TarConstants.LF_LINK, true);
            hard.setLinkName("d/f");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
            TarArchiveEntry whiteout = new TarArchiveEntry("d/.wh.gone", true);
            tar.putArchiveEntry(whiteout);
            tar.closeArchiveEntry();
            TarArchiveEntry longName = new TarArchiveEntry("l/" + "n".repeat(150), true);
            tar.putArchiveEntry(longName);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The shared conformance folder {@code sub}, when the checkout has it. */
    static java.util.Optional<Path> conformance(String sub) {
        String configured = System.getProperty("stevedore.conformance.dir");
        Path base = configured != null ? Path.of(configured) : Path.of("../../shared/conformance");
        Path dir = base.resolve(sub).normalize();
        return Files.isDirectory(dir) ? java.util.Optional.of(dir) : java.util.Optional.empty();
    }

    private static List<String> column(Path tsv, int index) {
        return lines(tsv).stream().skip(1).map(l -> l.split("\t", -1)).filter(c -> c.length > index)
                .map(c -> c[index]).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
