package dev.stevedore.exec;

import dev.stevedore.runtime.ContainerRuntime;
import dev.stevedore.runtime.OutputListener;
import dev.stevedore.runtime.ProcessSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * {@code --jobs N}: at most N RUN processes of a build at once. Only RUN is bounded: the stages
 * themselves all start when their inputs are ready (as BuildKit schedules), so that a stage
 * waiting for a pull, a slow RUN of another stage or its inputs never holds a place another
 * could use. Without {@code --jobs} nothing is bounded (the kernel shares the CPUs).
 */
final class BoundedRuntime implements ContainerRuntime {

    private final ContainerRuntime runtime;
    private final Semaphore places;

    BoundedRuntime(ContainerRuntime runtime, int jobs) {
        this.runtime = runtime;
        this.places = new Semaphore(jobs, true);
    }

    @Override
    public int run(Path rootfs, ProcessSpec process, OutputListener output) throws IOException, InterruptedException {
        places.acquire();
        try {
            return runtime.run(rootfs, process, output);
        } finally {
            places.release();
        }
    }

    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public List<String> cleanupStale() throws IOException, InterruptedException {
        return runtime.cleanupStale();
    }
}
