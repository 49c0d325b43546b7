package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference to an image in a registry, {@code domain/path[:tag][@digest]}, parsed and
 * normalized as Docker does (distribution/reference, which Docker and BuildKit use).
 *
 * <h2>Grammar</h2>
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [ domain "/" ] path
 * domain           := host [ ":" port-number ]
 * host             := domain-name | "[" IPv6 hex digits and ":" "]"
 * domain-name      := domain-component [ "." domain-component ]*
 * domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 * port-number      := /[0-9]+/
 * path             := path-component [ "/" path-component ]*     (at most 255 characters)
 * path-component   := alpha-numeric [ separator alpha-numeric ]*
 * alpha-numeric    := /[a-z0-9]+/
 * separator        := /[_.]|__|[-]+/
 * tag              := /[\w][\w.-]{0,127}/
 * digest           := "sha256:" 64 lower-case hex | "sha512:" 128 lower-case hex
 * identifier       := /[a-f0-9]{64}/                              (an image id, never a name)
 * </pre>
 *
 * <h2>Normalization ({@link #parse})</h2>
 * The first path component is the registry domain when the name has a {@code /} and that
 * component contains a {@code .} or a {@code :}, is {@code localhost}, or has upper-case
 * letters; otherwise the domain is {@code docker.io}. {@code index.docker.io} is written
 * {@code docker.io}, and a one-component path on Docker Hub gets {@code library/}:
 * {@code alpine} → {@code docker.io/library/alpine}. The repository path must be lower case.
 * {@link #familiarName()} undoes it. Each piece is checked by a linear scan
 * ({@link ReferenceGrammar}), never a backtracking regular expression.
 *
 * @param domain the registry, e.g. {@code docker.io} or {@code localhost:5000}; empty only
 *               for a name parsed without normalization ({@link #parseRaw}) that has none
 * @param path   the repository path, e.g. {@code library/alpine}
 */
public record ImageReference(String domain, String path, Optional<String> tag, Optional<Digest> digest)
        implements AnyReference {

    public static final String DOCKER_HUB = "docker.io";
    public static final String LEGACY_DOCKER_HUB = "index.docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final String OFFICIAL_PREFIX = "library/";

    /** Checks the grammar too, so that no invalid reference can exist, however it was made. */
    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (!domain.isEmpty() && !ReferenceGrammar.isDomain(domain)) {
            throw invalid("registry (" + domain + ") is not a valid host[:port]");
        }
        if (!ReferenceGrammar.isPath(path) || path.length() > ReferenceGrammar.MAX_PATH_LENGTH) {
            throw invalid("repository name (" + path + ") is not a valid repository path");
        }
        if (tag.isPresent() && !ReferenceGrammar.isTag(tag.get())) {
            throw invalid("tag \"" + tag.get() + "\" is not a valid tag");
        }
    }

    /**
     * Docker's {@code ParseNormalizedNamed}: the reference as written, normalized, tag and
     * digest kept as given (no default tag; see {@link #parseDockerRef}).
     *
     * @throws InvalidInputException naming the reference and what is wrong with it
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw invalid("repository name must have at least one component");
        }
        if (ReferenceGrammar.isIdentifier(text)) {
            throw new InvalidInputException("invalid repository name (" + text
                    + "): cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(text);
        String domain = split[0];
        String remainder = split[1];
        int colon = remainder.indexOf(':');
        String remote = colon >= 0 ? remainder.substring(0, colon) : remainder;
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw invalid("repository name (" + remote + ") must be lowercase");
        }
        ImageReference ref = parseRaw(domain + "/" + remainder);
        if (!ref.domain().equals(domain)) {
            throw invalid("registry (" + domain + ") in \"" + text + "\" is not a valid host[:port]");
        }
        return ref;
    }

    /**
     * The reference as Docker pulls it ({@code ParseDockerRef}): normalized, {@code :latest}
     * when neither tag nor digest is given, and the tag dropped when a digest pins the image.
     */
    public static ImageReference parseDockerRef(String text) {
        ImageReference ref = parse(text);
        if (ref.digest().isPresent()) {
            return ref.tag().isPresent() ? new ImageReference(ref.domain, ref.path, Optional.empty(), ref.digest) : ref;
        }
        return ref.withDefaultTag();
    }

    /**
     * distribution's {@code ParseNamed}: like {@link #parse} but only accepting a reference
     * already in its normalized form ({@code docker.io/library/alpine}, not {@code alpine}).
     */
    public static ImageReference parseCanonical(String text) {
        ImageReference ref = parse(text);
        if (!ref.toString().equals(text)) {
            throw invalid("repository name must be canonical: \"" + text + "\" is written \"" + ref + "\" in full");
        }
        return ref;
    }

    /**
     * distribution's {@code Parse}: the grammar without normalization. A first component that
     * is a valid domain (e.g. {@code foo} in {@code foo/bar}) is taken as the domain; a name
     * without one has an empty domain.
     */
    public static ImageReference parseRaw(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw invalid("repository name must have at least one component");
        }
        String name = text;
        Optional<Digest> digest = Optional.empty();
        int at = text.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(parseDigest(text, text.substring(at + 1)));
            name = text.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            String t = name.substring(colon + 1);
            if (!ReferenceGrammar.isTag(t)) {
                throw invalid("tag \"" + t + "\" in \"" + text
                        + "\" must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
            }
            tag = Optional.of(t);
            name = name.substring(0, colon);
        }
        ImageReference repo = parseName(name);
        return new ImageReference(repo.domain, repo.path, tag, digest);
    }

    /** distribution's {@code WithName}: a repository name alone, without tag or digest. */
    public static ImageReference parseName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw invalid("repository name must have at least one component");
        }
        String domain = "";
        String path = name;
        int slash = name.indexOf('/');
        if (slash >= 0 && ReferenceGrammar.isDomain(name.substring(0, slash))) {
            domain = name.substring(0, slash);
            path = name.substring(slash + 1);
        }
        if (!ReferenceGrammar.isPath(path)) {
            if (ReferenceGrammar.isPath(path.toLowerCase(Locale.ROOT))) {
                throw invalid("repository name (" + path + ") must be lowercase");
            }
            throw invalid("repository name \"" + name + "\" must be lower-case letters and digits in components"
                    + " separated by '/', joined by '.', '_', '__' or '-' inside a component");
        }
        if (path.length() > ReferenceGrammar.MAX_PATH_LENGTH) {
            throw invalid("repository name must not be more than " + ReferenceGrammar.MAX_PATH_LENGTH
                    + " characters (" + path.length() + " in \"" + abbreviate(path) + "\")");
        }
        return new ImageReference(domain, path, Optional.empty(), Optional.empty());
    }

    /** {@code domain/path}, or just the path when there is no domain. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    /** The name as Docker shows it: {@code docker.io/library/alpine} → {@code alpine}. */
    public String familiarName() {
        if (!domain.equals(DOCKER_HUB)) {
            return name();
        }
        if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }

    /** The whole reference as Docker shows it, e.g. {@code alpine:3.20}. */
    public String familiarString() {
        return familiarName() + suffix();
    }

    /** What a registry is asked for: the digest when there is one, else the tag, else {@code latest}. */
    public String tagOrDigest() {
        return digest.map(Digest::toString).orElse(tag.orElse(DEFAULT_TAG));
    }

    /** This reference with {@code :latest} when it has neither tag nor digest. */
    public ImageReference withDefaultTag() {
        return tag.isPresent() || digest.isPresent() ? this : withTag(DEFAULT_TAG);
    }

    /** The same repository with {@code tag} (checked against the grammar) and no digest. */
    public ImageReference withTag(String tag) {
        if (!ReferenceGrammar.isTag(tag)) {
            throw invalid("tag \"" + tag + "\" must be 1 to 128 letters, digits, '_', '.' or '-',"
                    + " not starting with '.' or '-'");
        }
        return new ImageReference(domain, path, Optional.of(tag), Optional.empty());
    }

    /** {@code domain/path[:tag][@digest]}. */
    @Override
    public String toString() {
        return name() + suffix();
    }

    private String suffix() {
        return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    /** distribution's {@code splitDockerDomain}: {domain, remainder}. */
    private static String[] splitDockerDomain(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new String[] {DOCKER_HUB, OFFICIAL_PREFIX + text};
        }
        String first = text.substring(0, slash);
        String rest = text.substring(slash + 1);
        String domain;
        String remainder;
        if (first.equals("localhost") || first.indexOf('.') >= 0 && !first.equals(LEGACY_DOCKER_HUB)
                || first.indexOf(':') >= 0 || !first.toLowerCase(Locale.ROOT).equals(first)) {
            domain = first;
            remainder = rest;
        } else if (first.equals(LEGACY_DOCKER_HUB)) {
            domain = DOCKER_HUB;
            remainder = rest;
        } else {
            domain = DOCKER_HUB;
            remainder = text;
        }
        if (domain.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) {
            remainder = OFFICIAL_PREFIX + remainder;
        }
        return new String[] {domain, remainder};
    }

    private static Digest parseDigest(String text, String digest) {
        try {
            return Digest.parse(digest);
        } catch (InvalidInputException e) {
            throw invalid("digest in \"" + text + "\": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException("invalid reference format: " + detail);
    }

    private static InvalidInputException invalid(String detail, Throwable cause) {
        return new InvalidInputException("invalid reference format: " + detail, cause);
    }
}
