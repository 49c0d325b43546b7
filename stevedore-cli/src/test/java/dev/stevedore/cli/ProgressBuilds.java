package dev.stevedore.cli;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A store with the busybox image and a context with a small multi-stage Dockerfile, for the progress tests. */
record ProgressBuilds(Path root, Path context) {

    /** Two stages, the second copying from the first; a RUN in each writes output. */
    static final String MULTI_STAGE = """
            FROM busybox AS builder
            RUN echo building && echo built > /out
            FROM busybox
            COPY --from=builder /out /out
            RUN cat /out
            """;

    /** Skips without root, runc or busybox. */
    static ProgressBuilds in(Path dir, String dockerfile) throws IOException {
        BusyboxImage.assumeRunnable();
        Path root = dir.resolve("store");
        BusyboxImage.create(Store.open(root), dir.resolve("image"), BusyboxImage.NAME);
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return new ProgressBuilds(root, context);
    }

    CliRun build(String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "build";
        args[1] = "--root";
        args[2] = root.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        args[args.length - 1] = context.toString();
        return CliRun.run("", args);
    }
}
