package dev.stevedore.exec;

import dev.stevedore.cache.KeyFacts;
import dev.stevedore.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What identifies a step's result: the key of the state it starts from, its kind and its named
 * parts, in the order the step gives them. The parts are kept (not only their hash) so that a
 * miss can be explained part by part. Keys travel between machines (through registries), so a
 * part never holds a path of this machine, a time or a secret; {@code docs/cache-keys.md} says
 * what each kind of step puts in.
 *
 * <p>The key's identity is the sha256 of {@link #canonical()}, a form written down in
 * {@code docs/cache-keys.md} and versioned by {@link #SCHEMA}: change what a kind of step puts
 * in, or how it is written, and the schema goes up, so old records are misses, never wrong hits.
 *
 * @param kind   the kind of step ({@code run}, {@code copy}, ...), part of the identity
 * @param parent the digest of the key of the state the step starts from; empty for a root (a base image, scratch)
 * @param parts  the step's inputs by name, in a fixed order
 */
public record CacheKey(String kind, Optional<Digest> parent, List<Part> parts) {

    /** The version of what goes into keys and of their canonical form. */
    public static final int SCHEMA = 2;

    /** One named input of a step. */
    public record Part(String name, String value) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public CacheKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent");
        parts = List.copyOf(parts);
    }

    /** A key with no parent: where a chain of steps starts. */
    static CacheKey root(String kind, List<Part> parts) {
        return new CacheKey(kind, Optional.empty(), parts);
    }

    /** A key of a step on the state whose key is {@code parent}. */
    static CacheKey on(Digest parent, String kind, List<Part> parts) {
        return new CacheKey(kind, Optional.of(parent), parts);
    }

    /** The parts of a key, in the order they are added. */
    static final class Parts {
        private final List<Part> list = new ArrayList<>();

        Parts() {}

        Parts add(String name, String value) {
            list.add(new Part(name, value));
            return this;
        }

        Parts add(String name, boolean value) {
            return add(name, String.valueOf(value));
        }

        /** A part whose value is a list, written as {@link #list}. */
        Parts add(String name, List<String> values) {
            return add(name, list(values));
        }

        List<Part> all() {
            return List.copyOf(list);
        }
    }

    /**
     * The canonical form: UTF-8, one field per line, each value length-prefixed (its length in
     * bytes, in decimal, then {@code :}) so that no value can be mistaken for another field:
     * <pre>
     * stevedore-cache-key SCHEMA
     * kind LEN:KIND
     * parent LEN:DIGEST        (LEN 0 for a root)
     * part LEN:NAME LEN:VALUE  (one line per part, in order)
     * </pre>
     */
    public byte[] canonical() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "stevedore-cache-key " + SCHEMA);
        write(out, "\nkind ");
        field(out, kind);
        write(out, "\nparent ");
        field(out, parent.map(Digest::toString).orElse(""));
        for (Part part : parts) {
            write(out, "\npart ");
            field(out, part.name());
            write(out, " ");
            field(out, part.value());
        }
        write(out, "\n");
        return out.toByteArray();
    }

    /**
     * A list as one value: each item length-prefixed ({@code LEN:ITEM}), one after the other, so
     * that no two different lists (nor a list and a nested list) are written alike.
     */
    static String list(List<String> items) {
        StringBuilder b = new StringBuilder();
        for (String item : items) {
            b.append(item.getBytes(StandardCharsets.UTF_8).length).append(':').append(item);
        }
        return b.toString();
    }

    /**
     * What a cache record keeps of this key to explain a later miss: each part's name with the
     * digest of its value (a value that is a digest as it is), and the environment's variables
     * one by one, names with the digests of their values. Never a value: a build argument may
     * be a secret, and records travel.
     */
    public KeyFacts facts() {
        List<KeyFacts.Fact> facts = new ArrayList<>();
        for (Part part : parts) {
            Map<String, Digest> variables = new LinkedHashMap<>();
            if (part.name().equals("env")) {
                for (String item : items(part.value())) {
                    int eq = item.indexOf('=');
                    String name = eq < 0 ? item : item.substring(0, eq);
                    variables.put(name, Digest.sha256(item.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
                }
            }
            Digest value = Digest.isValid(part.value()) ? Digest.parse(part.value())
                    : Digest.sha256(part.value().getBytes(StandardCharsets.UTF_8));
            facts.add(new KeyFacts.Fact(part.name(), value, variables));
        }
        return new KeyFacts(kind, parent, facts);
    }

    /** The items of a value written by {@link #list}. */
    static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (at < bytes.length) {
            int colon = at;
            while (colon < bytes.length && bytes[colon] != ':') {
                colon++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(bytes, at, colon - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return items;
            }
            int end = Math.min(bytes.length, colon + 1 + length);
            items.add(new String(bytes, colon + 1, end - colon - 1, StandardCharsets.UTF_8));
            at = end;
        }
        return items;
    }

    /** The key's identity: what the build cache is indexed by and what the next step's key names as its parent. */
    public Digest digest() {
        return Digest.sha256(canonical());
    }

    private static void field(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        write(out, bytes.length + ":");
        out.writeBytes(bytes);
    }

    private static void write(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
    }
}
