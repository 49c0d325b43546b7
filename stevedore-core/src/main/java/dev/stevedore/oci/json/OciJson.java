package dev.stevedore.oci.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.MediaType;
import java.io.IOException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reading and writing manifests, indexes and image configs.
 *
 * <p><b>Reading</b> keeps the bytes: a {@link Parsed} holds the value, the exact bytes and their
 * digest, so a document read and stored or pushed again keeps its digest. Unknown fields are
 * ignored (and survive in the bytes). Malformed JSON, a wrong type, a missing required field,
 * a bad digest or a negative size is an {@link InvalidInputException} of the form
 * {@code manifest sha256:…: layers[1].size: must not be negative, got -5}; {@code name} (a
 * reference or a file) replaces the digest in that message when given.
 *
 * <p><b>Writing</b> is deterministic and byte-compatible with what Docker and BuildKit write
 * (Go's {@code encoding/json}): fixed field order, no whitespace, empty optional fields
 * omitted, times in RFC 3339 with nanoseconds. The same value always gives the same bytes, so
 * the same digest.
 */
public final class OciJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private OciJson() {}

    /** A manifest or an index, whichever the document is. */
    public static Parsed<Manifest> readManifest(byte[] raw, String name) {
        return read(raw, "manifest", name, ManifestJson::read);
    }

    public static Parsed<Manifest> readManifest(byte[] raw) {
        return readManifest(raw, null);
    }

    /** An image manifest; an index is refused with a message saying so. */
    public static Parsed<ImageManifest> readImageManifest(byte[] raw, String name) {
        Parsed<Manifest> p = readManifest(raw, name);
        if (p.value() instanceof ImageManifest m) {
            return new Parsed<>(m, p.raw(), p.digest());
        }
        throw new InvalidInputException(label("manifest", name, p.digest())
                + ": expected an image manifest, got an index (" + p.value().mediaType() + ")");
    }

    /** An index or manifest list; an image manifest is refused with a message saying so. */
    public static Parsed<ImageIndex> readIndex(byte[] raw, String name) {
        Parsed<Manifest> p = readManifest(raw, name);
        if (p.value() instanceof ImageIndex i) {
            return new Parsed<>(i, p.raw(), p.digest());
        }
        throw new InvalidInputException(label("index", name, p.digest())
                + ": expected an index, got an image manifest (" + p.value().mediaType() + ")");
    }

    public static Parsed<ImageConfig> readConfig(byte[] raw, String name) {
        return read(raw, "image config", name, ConfigJson::read);
    }

    public static Parsed<ImageConfig> readConfig(byte[] raw) {
        return readConfig(raw, null);
    }

    /** The canonical bytes of a manifest or index. */
    public static byte[] write(Manifest manifest) {
        return write(manifest, ManifestJson::write);
    }

    /** The canonical bytes of an image config. */
    public static byte[] write(ImageConfig config) {
        return write(config, ConfigJson::write);
    }

    /** A manifest or index with its canonical bytes and their digest. */
    public static Parsed<Manifest> serialize(Manifest manifest) {
        byte[] bytes = write(manifest);
        return new Parsed<>(manifest, bytes, Digest.sha256(bytes));
    }

    /** A config with its canonical bytes and their digest (the image id). */
    public static Parsed<ImageConfig> serialize(ImageConfig config) {
        byte[] bytes = write(config);
        return new Parsed<>(config, bytes, Digest.sha256(bytes));
    }

    /** The descriptor that points to a parsed document, with its media type. */
    public static Descriptor descriptor(Parsed<?> parsed, String mediaType) {
        return new Descriptor(mediaType, parsed.digest(), parsed.size());
    }

    /** The descriptor of a serialized manifest or index, typed by its own media type. */
    public static Descriptor descriptor(Parsed<? extends Manifest> parsed) {
        return descriptor(parsed, parsed.value().mediaType());
    }

    /** The descriptor of a serialized config, typed as the manifest it goes into needs. */
    public static Descriptor configDescriptor(Parsed<ImageConfig> parsed, boolean docker) {
        return descriptor(parsed, docker ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG);
    }

    private static <T> Parsed<T> read(byte[] raw, String kind, String name, Function<JsonField, T> reader) {
        Digest digest = Digest.sha256(raw);
        String document = label(kind, name, digest);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            // Constraint violations (nesting too deep, numbers too long) come without a location.
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidInputException(document + ": malformed JSON" + where + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidInputException(document + ": cannot be read: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidInputException(document + ": is empty");
        }
        if (!tree.isObject()) {
            throw new InvalidInputException(document + ": must be a JSON object");
        }
        return new Parsed<>(reader.apply(JsonField.root(tree, document)), raw, digest);
    }

    private static <T> byte[] write(T value, BiConsumer<GoJsonWriter, T> writer) {
        try (GoJsonWriter w = new GoJsonWriter()) {
            writer.accept(w, value);
            return w.toBytes();
        }
    }

    private static String label(String kind, String name, Digest digest) {
        return kind + " " + (name != null ? name : digest.toString());
    }

    private static String firstLine(String message) {
        if (message.startsWith("Trailing token")) {
            return "unexpected content after the end of the document";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
