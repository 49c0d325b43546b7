package dev.stevedore.exec.sources;

import dev.stevedore.diag.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code ADD} source is, decided as BuildKit's Dockerfile frontend decides it, in this
 * order: a git repository ({@link GitRef#parse}), else an {@code http://} or {@code https://}
 * URL to download (prefix compared case-sensitively, as BuildKit does), else a path in the
 * build context. So {@code https://host/repo.git} is a repository and {@code https://host/a.tgz}
 * a download; {@code file:///x} and {@code github.com/a/b} are context paths.
 */
public sealed interface SourceKind {

    /** A file to download; never unpacked unless {@code --unpack=true}. */
    record Url(URI uri) implements SourceKind {
        public Url {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** A git repository to check out. */
    record Git(GitRef ref) implements SourceKind {
        public Git {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /** A path in the build context (a local archive is unpacked unless {@code --unpack=false}). */
    record Local(String path) implements SourceKind {
        public Local {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Classifies {@code src}, an ADD source as written (after variable expansion).
     *
     * @throws InvalidInputException when it is an http(s) URL that cannot be parsed
     */
    static SourceKind of(String src) {
        Optional<GitRef> git = GitRef.parse(src);
        if (git.isPresent()) {
            return new Git(git.get());
        }
        if (src.startsWith("http://") || src.startsWith("https://")) {
            return new Url(parseUrl(src));
        }
        return new Local(src);
    }

    private static URI parseUrl(String src) {
        try {
            URI uri = new URI(src);
            if (uri.getHost() == null) {
                throw new InvalidInputException("invalid URL \"" + Redaction.redact(src) + "\": it names no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("invalid URL \"" + Redaction.redact(src) + "\": " + e.getReason()
                    + " at index " + e.getIndex(), e);
        }
    }
}
