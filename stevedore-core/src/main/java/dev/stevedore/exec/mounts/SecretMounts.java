package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.Mounts;
import dev.stevedore.runtime.RunMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code RUN --mount=type=secret}: the value goes to a file on a tmpfs of our own (so it never
 * touches a disk, and vanishes when unmounted), created with the mount's mode and owner, and
 * bind-mounted read-only; or to an environment variable with {@code env=}.
 */
final class SecretMounts {

    /** Secrets are at most 500 KiB each; the tmpfs holds a few of them. */
    private static final String TMPFS_OPTIONS = "mode=0700,size=16m";

    private SecretMounts() {}

    static void mount(Mount.Secret secret, String workdir, MountInputs inputs, PreparedMounts prepared)
            throws IOException {
        SecretSource source = inputs.secrets().get(secret.id());
        if (source == null) {
            if (secret.required()) {
                throw new InvalidInputException("secret " + secret.id() + " is required but was not given (--secret id="
                        + secret.id() + ",src=FILE or --secret id=" + secret.id() + ",env=VAR)");
            }
            return;
        }
        byte[] value;
        try {
            value = source.read(inputs.hostEnv());
        } catch (NotFoundException e) {
            if (secret.required()) {
                throw e;
            }
            return;
        }
        secret.env().ifPresent(name -> prepared.addEnv(name, new String(value, StandardCharsets.UTF_8)));
        if (secret.target().isEmpty() && secret.env().isPresent()) {
            return;
        }
        String target = InsidePath.target(secret.target().orElse(RunMounts.SECRETS_DIR + secret.id()), workdir);
        Path file = write(secret, value, inputs.scratch(), prepared);
        prepared.add(new RunMount.Bind(file, target, true));
    }

    private static Path write(Mount.Secret secret, byte[] value, Path scratch, PreparedMounts prepared)
            throws IOException {
        Path dir = ScratchDirs.create(scratch, ScratchDirs.SECRETS);
        prepared.onClose(() -> ScratchDirs.remove(dir));
        Mounts.mount("tmpfs", dir, "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC, TMPFS_OPTIONS);
        Path file = dir.resolve("secret");
        Files.write(file, value, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileCalls.lchown(file, (int) secret.uid(), (int) secret.gid());
        FileCalls.chmod(file, (int) secret.mode());
        return file;
    }
}
