package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.runtime.RunMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the {@code --mount} flags of a RUN step into runtime mounts, as BuildKit does:
 *
 * <ul>
 * <li>{@code bind}: the {@code source} inside {@code from} (a stage, an image, or the build
 *     context), resolved without leaving it; read-only, or with {@code rw} writable through a
 *     throwaway overlay (a copy for a single file) whose writes are discarded;</li>
 * <li>{@code cache}: a directory persisted in the store (see {@link CacheMounts}), locked as its
 *     {@code sharing} says for as long as the step runs;</li>
 * <li>{@code tmpfs}: a fresh tmpfs of at most {@code size} bytes;</li>
 * <li>{@code secret}: the secret's bytes in a file on a private tmpfs (never on disk),
 *     bind-mounted read-only at its target, and/or in an environment variable;</li>
 * <li>{@code ssh}: a relay to the agent socket (see {@link SshRelay}) bind-mounted at its target,
 *     {@code SSH_AUTH_SOCK} set to the first one.</li>
 * </ul>
 *
 * <p>A secret or agent that was not given is an error when the mount is {@code required}, and
 * otherwise leaves the mount out. Mount points missing from the root filesystem are created
 * and removed again by the runtime, so they leave no trace in the step's layer.
 */
public final class RunMounts {

    static final String SECRETS_DIR = "/run/secrets/";
    static final String SSH_AGENT = "/run/buildkit/ssh_agent.";

    private RunMounts() {}

    /** {@link #prepare(List, String, MountInputs)} for a step whose working directory is {@code /}. */
    public static PreparedMounts prepare(List<Mount> mounts, MountInputs inputs)
            throws IOException, InterruptedException {
        return prepare(mounts, "/", inputs);
    }

    /**
     * Prepares {@code mounts} (targets expanded already) for one step. On failure everything
     * prepared so far is undone before the exception leaves.
     *
     * @param workdir the step's working directory: relative targets are taken from it
     * @throws InvalidInputException naming the secret or agent when a required one is missing,
     *                               or the target when it is the root
     * @throws NotFoundException     when a bind or cache source does not exist
     * @throws InterruptedException  while waiting for a {@code sharing=locked} cache
     */
    public static PreparedMounts prepare(List<Mount> mounts, String workdir, MountInputs inputs)
            throws IOException, InterruptedException {
        PreparedMounts prepared = new PreparedMounts();
        try {
            int sshIndex = 0;
            for (Mount mount : mounts) {
                switch (mount) {
                    case Mount.Bind b -> bind(b, InsidePath.target(b.mountTarget(), workdir), inputs, prepared);
                    case Mount.Cache c -> cache(c, InsidePath.target(c.mountTarget(), workdir), inputs, prepared);
                    case Mount.Tmpfs t -> prepared.add(new RunMount.Tmpfs(InsidePath.target(t.mountTarget(), workdir),
                            t.size().orElse(0)));
                    case Mount.Secret s -> SecretMounts.mount(s, workdir, inputs, prepared);
                    case Mount.Ssh s -> ssh(s, workdir, sshIndex++, inputs, prepared);
                }
            }
            return prepared;
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeAfter(prepared, e);
            throw e;
        }
    }

    private static void closeAfter(PreparedMounts prepared, Exception cause) {
        try {
            prepared.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void bind(Mount.Bind bind, String target, MountInputs inputs, PreparedMounts prepared)
            throws IOException {
        Path root = inputs.sources().root(bind.from());
        String sourceName = bind.source().orElse("/");
        String where = bind.from().map(f -> "\"" + f + "\"").orElse("the build context");
        Path source = InsidePath.resolve(root, sourceName, where);
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("bind mount source " + sourceName + " not found in " + where);
        }
        if (bind.readOnly()) {
            prepared.add(new RunMount.Bind(source, target, true));
            return;
        }
        prepared.add(new RunMount.Bind(WritableCopy.of(source, inputs.scratch(), prepared), target, false));
    }

    private static void cache(Mount.Cache cache, String target, MountInputs inputs, PreparedMounts prepared)
            throws IOException, InterruptedException {
        CacheMounts.Held held = CacheMounts.acquire(cache, target, inputs);
        prepared.onClose(held::close);
        prepared.add(new RunMount.Bind(held.dir(), target, cache.readOnly()));
    }

    private static void ssh(Mount.Ssh ssh, String workdir, int index, MountInputs inputs, PreparedMounts prepared)
            throws IOException {
        SshSource source = inputs.ssh().get(ssh.id());
        if (source == null) {
            if (ssh.required()) {
                throw new InvalidInputException("ssh agent " + ssh.id() + " is required but was not given (--ssh "
                        + ssh.id() + "=SOCKET)");
            }
            return;
        }
        if (!Files.exists(source.socket())) {
            throw new NotFoundException("ssh agent " + ssh.id() + ": socket " + source.socket() + " does not exist");
        }
        if (!Files.readAttributes(source.socket(), java.nio.file.attribute.BasicFileAttributes.class).isOther()) {
            throw new InvalidInputException("ssh agent " + ssh.id() + ": " + source.socket()
                    + " is not a socket (only agent sockets can be forwarded)");
        }
        String target = InsidePath.target(ssh.target().orElse(SSH_AGENT + index), workdir);
        Path relay = SshRelay.start(source.socket(), ssh, inputs.scratch(), prepared);
        prepared.add(new RunMount.Bind(relay, target, true));
        if (prepared.env().stream().noneMatch(e -> e.startsWith("SSH_AUTH_SOCK="))) {
            prepared.addEnv("SSH_AUTH_SOCK", target);
        }
    }

    /**
     * Unmounts and removes what the mounts of killed processes left under {@code scratch} (secret
     * tmpfs, rw-bind overlays); returns the directories removed. Call it once when a process
     * starts. Cache directories need nothing: their locks went with their processes.
     */
    public static List<Path> cleanupStale(Path scratch) {
        try {
            return ScratchDirs.cleanupStale(scratch);
        } catch (IOException e) {
            throw new InternalException("cannot clean up stale RUN mounts in " + scratch + ": " + e.getMessage(), e);
        }
    }
}
