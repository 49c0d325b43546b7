package dev.stevedore.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks at a store from outside, without the store's own code: blobs whose bytes do not hash to
 * their name, overlay mounts under it, and runc containers in any runc state dir under it — what
 * a killed or failed build must never leave (or the next start must clean).
 */
public final class StoreScan {

    private StoreScan() {}

    /** Files under {@code oci/blobs/sha256} whose SHA-256 is not their name, as {@code name (actual)}. */
    public static List<String> badBlobs(Path storeRoot) throws IOException {
        Path dir = storeRoot.resolve("oci/blobs/sha256");
        List<String> bad = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return bad;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path blob : s.toList()) {
                String actual = sha256(blob);
                if (!actual.equals(blob.getFileName().toString())) {
                    bad.add(blob.getFileName() + " (" + actual + ")");
                }
            }
        }
        return bad;
    }

    /** Mount points of overlays (of any kind when {@code anyType}) under {@code root}, from /proc/self/mountinfo. */
    public static List<String> mounts(Path root, boolean anyType) throws IOException {
        List<String> result = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash > 0 && (anyType || f[dash + 1].equals("overlay")) && f[4].startsWith(root.toString() + "/")) {
                result.add(f[4]);
            }
        }
        return result;
    }

    /** Every directory named {@code runc} under the store: the runtime's state roots. */
    public static List<Path> runcRoots(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root, 4)) {
            return s.filter(p -> p.getFileName().toString().equals("runc") && Files.isDirectory(p)).toList();
        }
    }

    /** The containers {@code runc --root state list} knows. */
    public static List<String> containers(Path state) throws IOException {
        try {
            Process p = new ProcessBuilder("runc", "--root", state.toString(), "list", "-q").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The containers of every runc state dir under the store. */
    public static List<String> allContainers(Path root) throws IOException {
        List<String> all = new ArrayList<>();
        for (Path state : runcRoots(root)) {
            all.addAll(containers(state));
        }
        return all;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
