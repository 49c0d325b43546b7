package dev.stevedore.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one process in a root filesystem under an OCI runtime, and cleans up after runs that
 * could not.
 *
 * <p>Lifecycle of {@link #run}: the user is resolved against the root filesystem's own
 * {@code /etc/passwd}; the working directory is created if missing; a private bundle directory
 * is made under the runtime's state directory, holding the generated spec and
 * {@code /etc/hosts}, {@code /etc/resolv.conf}, {@code /etc/hostname} (bind-mounted, so never
 * written to the root filesystem); the container runs in the foreground; then the container,
 * the bundle and the mount points the runtime had to create are removed. The root filesystem
 * keeps only what the process wrote (and the working directory).
 *
 * <p>Nothing is left behind when the run fails or the calling thread is interrupted: the
 * container is killed and deleted, its mount namespace dies with it, the bundle and the stubs
 * are removed. When Stevedore itself is killed (SIGKILL), a watchdog process kills the container
 * and removes the bundle at once, and {@link #cleanupStale} at the start of the next command (of
 * any kind) removes the mounts and whatever the watchdog could not.
 *
 * <p>Secrets in the environment ({@code RUN --mount=type=secret,env=...}): runc takes a process's
 * environment only from the bundle's {@code config.json}, so the values are in that file for as
 * long as the run lasts: mode 0600 in a 0700 directory of a 0700 store, removed when the run ends,
 * by the watchdog when Stevedore is killed, and by the reaper after a power loss.
 */
public interface ContainerRuntime extends AutoCloseable {

    /**
     * Runs {@code process} in {@code rootfs} and waits for it to exit.
     *
     * @param rootfs an absolute directory: the container's {@code /} (in a build, an overlay's merged dir)
     * @param output receives the process's stdout and stderr lines, and the runtime's own
     *               complaints (e.g. {@code exec: "x": executable file not found}) on stderr
     * @return the exit code: the process's own, 128 + n when killed by signal n
     * @throws dev.stevedore.diag.InvalidInputException when the user cannot be resolved or the
     *         working directory is not a directory
     * @throws InterruptedException when the calling thread was interrupted; the container has
     *         been killed and removed by then
     */
    int run(Path rootfs, ProcessSpec process, OutputListener output) throws IOException, InterruptedException;

    /**
     * Kills and removes the containers, bundles and mount stubs left by Stevedore processes that
     * are no longer alive (killed with SIGKILL, power loss). Runs of live processes are untouched.
     *
     * @return the ids of the containers or bundles removed
     */
    List<String> cleanupStale() throws IOException, InterruptedException;

    /**
     * Ends what the runtime keeps between runs (the private networks RUNs share, one at a time);
     * a later {@link #run} makes them again. Stevedore's death ends them too.
     */
    @Override
    default void close() {}
}
