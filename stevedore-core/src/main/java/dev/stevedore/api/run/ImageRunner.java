package dev.stevedore.api.run;

import dev.stevedore.api.images.Images;
import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.fs.LockFile;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.Digest;
import dev.stevedore.output.StoredImage;
import dev.stevedore.runtime.ContainerRuntime;
import dev.stevedore.runtime.OutputListener;
import dev.stevedore.runtime.ProcessSpec;
import dev.stevedore.runtime.RuncRuntime;
import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.snapshot.Active;
import dev.stevedore.snapshot.Snapshot;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.store.Store;
import dev.stevedore.store.StoreRoot;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code stevedore run}: runs an image of the store as {@code docker run --rm} would for one
 * foreground process. The image's layers become snapshots (extracted once, kept), a writable
 * overlay goes on top for the run and is thrown away after it, whatever happens: every run is
 * {@code --rm}. The host name is a random 12-hex-digit id, like a Docker container's.
 */
public final class ImageRunner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Snapshotter snapshotter;
    private final ContainerRuntime runtime;

    /** A runner over the images of {@code store}, unpacked by {@code snapshotter}, run by {@code runtime}. */
    ImageRunner(Store store, Snapshotter snapshotter, ContainerRuntime runtime) {
        this.store = store;
        this.snapshotter = snapshotter;
        this.runtime = runtime;
    }

    /**
     * A runner on the store at {@code root} ({@code --root}; empty: the default store), its
     * snapshots and runc from the PATH; first finishes what killed runs left behind.
     *
     * @param root                  the store's root; empty: the default store
     * @return the runner
     * @throws IOException when the store or the runtime's state cannot be read
     * @throws InterruptedException when interrupted while killed runs are cleaned up
     */
    public static ImageRunner open(Optional<String> root) throws IOException, InterruptedException {
        Store store = Store.open(StoreRoot.resolve(root));
        Snapshotter snapshotter = Snapshotter.open(store);
        snapshotter.cleanupStale();
        // The state dir builds use, so that a build's stale cleanup also finishes killed runs.
        RuncRuntime runtime = new RuncRuntime(RuntimeLocator.locate(Optional.empty()),
                store.tmpDirectory().resolve("runtime"));
        runtime.cleanupStale();
        return new ImageRunner(store, snapshotter, runtime);
    }

    /**
     * Runs the process and returns its exit code. Its output lines go to {@code output} as they come.
     *
     * @throws NotFoundException "No such image: NAME" when the store has no such image (found as
     *                           {@link Images#resolve} finds it: reference or id prefix)
     * @throws dev.stevedore.diag.InvalidInputException when the options or the image make no process
     *                                                  (no command, a bad user, ...)
     * @param request               the image and the options
     * @param output                told each line of the process's output
     * @return the process's exit code
     * @throws IOException when the container cannot be set up
     * @throws InterruptedException when interrupted while it runs
     */
    public int run(RunRequest request, OutputListener output) throws IOException, InterruptedException {
        return run(request, Optional.empty(), output);
    }

    /**
     * {@link #run(RunRequest, OutputListener)} of {@code platform}'s image of a multi-platform
     * image ({@code run --platform}); empty: the host's.
     *
     * @param request               the image and the options
     * @param platform              the platform's image to run; empty: the host's
     * @param output                told each line of the process's output
     * @return the process's exit code
     * @throws IOException when the container cannot be set up
     * @throws InterruptedException when interrupted while it runs
     */
    public int run(RunRequest request, Optional<Platform> platform, OutputListener output)
            throws IOException, InterruptedException {
        Images images = new Images(store, Clock.systemUTC());
        StoredImage image = platform.isPresent() ? images.resolve(request.image(), platform.get())
                : images.resolve(request.image()).image();
        ProcessSpec process = ContainerProcess.of(image.config().value().config(), request,
                request.hostname().orElseGet(ImageRunner::hostname));
        try (LockFile.Held named = claim(request.name());
             Active container = snapshotter.prepare(lowers(image))) {
            return runtime.run(container.merged(), process, output);
        } finally {
            runtime.close(); // its private network: one run's, not kept for another
        }
    }

    /**
     * Holds {@code --name} for as long as the run lasts: a lock file per name under the store's
     * {@code tmp/names/}, which the kernel releases when the process dies, so a killed run never
     * keeps its name.
     *
     * @throws ConflictException when another run on the store holds the name
     */
    private LockFile.Held claim(Optional<String> name) {
        if (name.isEmpty()) {
            return () -> { };
        }
        return LockFile.of(store.tmpDirectory().resolve("names").resolve(name.get())).tryExclusive()
                .orElseThrow(() -> new ConflictException("Conflict. The container name \"/" + name.get()
                        + "\" is already in use by a running stevedore run on store " + store.root()
                        + ". You have to stop it or choose another name."));
    }

    private List<Snapshot> lowers(StoredImage image) {
        List<Descriptor> layers = image.manifest().value().layers();
        List<Digest> diffIds = image.config().value().rootfs().diffIds();
        List<Snapshot> topFirst = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            topFirst.addFirst(snapshotter.ensure(layers.get(i), diffIds.get(i)));
        }
        return topFirst;
    }

    private static String hostname() {
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
