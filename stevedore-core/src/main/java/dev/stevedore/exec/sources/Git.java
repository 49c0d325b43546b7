package dev.stevedore.exec.sources;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.fs.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Checks out the commit an {@code ADD <git ref>} names, as BuildKit's git source does, with the
 * {@code git} CLI ({@link GitCommand} keeps the user's configuration and hooks out of it):
 *
 * <ol>
 *   <li>{@code git init} and {@code git remote add origin <remote>} in {@code intoDir/checkout};
 *   <li>{@code git fetch --depth=1 origin <ref>}: a branch or tag name (or any ref the server
 *       resolves), {@code HEAD} (the default branch) when there is no ref. A full commit sha is
 *       fetched shallowly when the server allows it, else with a full fetch of branches and tags;
 *   <li>checkout of that commit, detached; submodules, when the commit has any, are checked out too;
 *   <li>{@code .git} is removed unless {@code --keep-git-dir} (then its {@code origin} is the remote);
 *   <li>with {@code #ref:subdir}, the result is that directory; it must exist and stay in the checkout.
 * </ol>
 *
 * <p>Errors name the reference as written: {@code ADD <ref>: git fetch failed: <git's first fatal: line>}
 * ({@link NotFoundException} when git says the ref or repository does not exist, else
 * {@link UnavailableException}). A missing git binary and local disk failures are {@link IOException}s.
 */
public final class Git {

    private Git() {}

    /**
     * Checks {@code ref} out into {@code intoDir} (an existing, empty directory): the tree lands in
     * {@code intoDir/checkout}.
     */
    public static GitCheckout checkout(GitRef ref, boolean keepGitDir, Path intoDir) throws IOException {
        String label = "ADD " + ref;
        String name = ref.ref().orElse("HEAD");
        if (name.startsWith("-")) {
            throw new InvalidInputException(label + ": invalid git ref \"" + name + "\": it starts with \"-\"");
        }
        Path repo = Files.createDirectory(intoDir.resolve("checkout"));
        Path home = Files.createDirectory(intoDir.resolve(".git-home"));
        try {
            GitCommand git = new GitCommand(home);
            check(git.run(repo, "init", "--quiet", "--template=", "."), "init", label);
            check(git.run(repo, "remote", "add", "--", "origin", ref.remote()), "remote add", label);
            String target = fetch(git, repo, ref, name, label);
            check(git.run(repo, "checkout", "--quiet", "--detach", target, "--"), "checkout", label);
            if (Files.exists(repo.resolve(".gitmodules"), LinkOption.NOFOLLOW_LINKS)) {
                check(git.run(repo, "submodule", "update", "--init", "--recursive", "--depth=1"),
                        "submodule update", label);
            }
            String commit = check(git.run(repo, "rev-parse", "HEAD"), "rev-parse", label).stdout().strip();
            if (!keepGitDir) {
                FileTrees.delete(repo.resolve(".git"));
            }
            Path dir = ref.subdir().isPresent() ? subdir(repo, ref.subdir().get(), commit, label) : repo;
            return new GitCheckout(dir, commit);
        } finally {
            FileTrees.delete(home);
        }
    }

    /** Fetches the commit and returns what to check out. */
    private static String fetch(GitCommand git, Path repo, GitRef ref, String name, String label) throws IOException {
        if (!ref.refIsCommit()) {
            check(git.run(repo, "fetch", "--quiet", "--depth=1", "--no-tags", "--", "origin", name), "fetch", label);
            return "FETCH_HEAD";
        }
        // Servers may refuse a sha that no ref points at directly; then fetch everything, as BuildKit does.
        if (!git.run(repo, "fetch", "--quiet", "--depth=1", "--no-tags", "--", "origin", name).ok()) {
            check(git.run(repo, "fetch", "--quiet", "--tags", "--", "origin"), "fetch", label);
        }
        if (!git.run(repo, "cat-file", "-e", name + "^{commit}").ok()) {
            throw new NotFoundException(label + ": commit " + name + " is not in the repository");
        }
        return name;
    }

    private static GitCommand.Result check(GitCommand.Result result, String step, String label) {
        if (result.ok()) {
            return result;
        }
        String line = result.errorLine();
        String message = label + ": git " + step + " failed: " + line;
        String lower = line.toLowerCase(Locale.ROOT);
        boolean missing = lower.contains("couldn't find remote ref") || lower.contains("not found")
                || lower.contains("does not appear to be a git repository");
        StevedoreException e = missing ? new NotFoundException(message) : new UnavailableException(message);
        throw e;
    }

    /** {@code repo/subdir}, which must be a directory inside the checkout, symlinks included. */
    private static Path subdir(Path repo, String subdir, String commit, String label) throws IOException {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : subdir.split("/")) {
            switch (part) {
                case "", "." -> { }
                case ".." -> {
                    if (parts.isEmpty()) {
                        throw new InvalidInputException(label + ": subdirectory \"" + subdir
                                + "\" is outside the repository");
                    }
                    parts.removeLast();
                }
                default -> parts.addLast(part);
            }
        }
        Path dir = repo;
        for (String part : parts) {
            dir = dir.resolve(part);
        }
        if (!Files.exists(dir)) {
            throw new NotFoundException(label + ": subdirectory \"" + subdir + "\" does not exist in commit " + commit);
        }
        Path real = dir.toRealPath();
        if (!real.startsWith(repo.toRealPath())) {
            throw new InvalidInputException(label + ": subdirectory \"" + subdir
                    + "\" is a symlink that leads outside the repository");
        }
        if (!Files.isDirectory(real)) {
            throw new InvalidInputException(label + ": subdirectory \"" + subdir + "\" is not a directory in commit "
                    + commit);
        }
        return real;
    }
}
