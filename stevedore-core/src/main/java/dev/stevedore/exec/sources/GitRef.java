package dev.stevedore.exec.sources;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git repository to check out, as an {@code ADD} source names it: BuildKit's
 * {@code gitutil.ParseGitRef}. The grammar:
 *
 * <pre>
 * git-ref   = remote [ "#" [ ref ] [ ":" subdir ] ]
 * remote    = scheme "://" ...            scheme one of http, https, git, ssh (any case);
 *                                          http(s) only when the URL path ends in ".git"
 *           | user "@" host ":" path      scp-style, e.g. git@github.com:moby/buildkit.git
 * </pre>
 *
 * Anything else is not a git reference: {@code ./x}, {@code ../x}, {@code github.com/a/b}
 * (BuildKit's deprecated form, a local path for ADD), {@code file://}, {@code ftp://}, or an
 * http(s) URL whose path does not end in {@code .git} (a file download).
 *
 * @param remote what {@code git fetch} is given: the URL without its fragment
 * @param ref    branch, tag or full commit sha; empty for the remote's default branch
 * @param subdir the directory of the commit to use instead of its root; empty for the root
 */
public record GitRef(String remote, Optional<String> ref, Optional<String> subdir) {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z0-9]+://");
    private static final Set<String> SCHEMES = Set.of("http", "https", "git", "ssh");
    /** sshutil's {@code gitSSHRegex}: user@host:path, an optional fragment. */
    private static final Pattern SCP = Pattern.compile("^([a-zA-Z0-9_-]+)@([a-zA-Z0-9.-]+):(.*?)(?:#(.*))?$");

    public GitRef {
        Objects.requireNonNull(remote, "remote");
        ref = ref.filter(r -> !r.isEmpty());
        subdir = subdir.filter(s -> !s.isEmpty());
    }

    /** A reference to the default branch's root. */
    public static GitRef of(String remote) {
        return new GitRef(remote, Optional.empty(), Optional.empty());
    }

    /** The same repository at {@code ref}. */
    public GitRef at(String ref) {
        return new GitRef(remote, Optional.of(ref), subdir);
    }

    /** The same repository and ref, using {@code subdir} as the root. */
    public GitRef inSubdir(String subdir) {
        return new GitRef(remote, ref, Optional.of(subdir));
    }

    /**
     * Parses {@code source} as BuildKit does for {@code ADD}; empty when it is not a git
     * reference (then it is a URL to download or a local path).
     */
    public static Optional<GitRef> parse(String source) {
        if (source.startsWith("./") || source.startsWith("../") || source.startsWith("github.com/")) {
            return Optional.empty();
        }
        Matcher scheme = SCHEME.matcher(source);
        if (scheme.find()) {
            return parseUrl(source, scheme.group().substring(0, scheme.group().length() - 3).toLowerCase(Locale.ROOT));
        }
        Matcher scp = SCP.matcher(source);
        if (scp.matches()) {
            String remote = scp.group(1) + "@" + scp.group(2) + ":" + scp.group(3);
            return Optional.of(withFragment(remote, scp.group(4)));
        }
        return Optional.empty();
    }

    private static Optional<GitRef> parseUrl(String source, String scheme) {
        if (!SCHEMES.contains(scheme)) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(source);
        } catch (URISyntaxException e) {
            return Optional.empty(); // Go's url.Parse failed: not a git reference either
        }
        boolean http = scheme.equals("http") || scheme.equals("https");
        if (http && (uri.getPath() == null || !uri.getPath().endsWith(".git"))) {
            return Optional.empty();
        }
        int hash = source.indexOf('#');
        String remote = hash < 0 ? source : source.substring(0, hash);
        return Optional.of(withFragment(remote, uri.getFragment()));
    }

    /** {@code #ref:subdir}: split at the first colon, both parts optional. */
    private static GitRef withFragment(String remote, String fragment) {
        if (fragment == null || fragment.isEmpty()) {
            return of(remote);
        }
        int colon = fragment.indexOf(':');
        String ref = colon < 0 ? fragment : fragment.substring(0, colon);
        String subdir = colon < 0 ? "" : fragment.substring(colon + 1);
        return new GitRef(remote, Optional.of(ref), Optional.of(subdir));
    }

    /** Whether the ref is a full commit sha (40 hex for sha1 repositories, 64 for sha256 ones). */
    public boolean refIsCommit() {
        return ref.map(r -> (r.length() == 40 || r.length() == 64) && r.chars().allMatch(GitRef::isLowerHex))
                .orElse(false);
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** The reference as written, {@code remote#ref:subdir}, with any password in the remote hidden. */
    @Override
    public String toString() {
        String fragment = ref.orElse("") + subdir.map(s -> ":" + s).orElse("");
        return Redaction.redact(remote) + (fragment.isEmpty() ? "" : "#" + fragment);
    }
}
