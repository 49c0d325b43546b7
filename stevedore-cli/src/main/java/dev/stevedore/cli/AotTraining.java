package dev.stevedore.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the JVM's ahead-of-time cache (JEP 483/514/515): {@code ./stevedore} runs
 * it once after building the jar, as {@code java -XX:AOTCacheOutput=stevedore.aot -cp
 * stevedore.jar dev.stevedore.cli.AotTraining}, and then starts every command with that cache,
 * whose classes come loaded and linked, with the profiles of this run. So it runs what users run
 * most, in one process: help, parse, lint, images and small builds in a store of its own, each
 * built twice, because the rebuild with nothing changed is the loop users run most: the examples'
 * shape (a base image, {@code .dockerignore}, {@code COPY . .}, {@code RUN}, a second stage
 * copying from the first). The base is a directory imported as an image, with this machine's
 * static busybox in it when there is one, so that its {@code RUN} can run. A command that fails
 * here (a RUN needs root and runc) only leaves its classes out of the cache. A class loaded
 * outside the cache costs its loading, verification and linking on every start.
 */
final class AotTraining {

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("stevedore-aot-training");
        try {
            Path context = Files.createDirectories(dir.resolve("context"));
            Files.writeString(context.resolve("Dockerfile"), """
                    # syntax=docker/dockerfile:1
                    ARG VERSION=1
                    FROM scratch AS build
                    COPY hello.txt /hello.txt
                    FROM scratch
                    LABEL version=$VERSION
                    COPY --from=build /hello.txt /srv/hello.txt
                    ENV GREETING=hello
                    CMD ["/srv/hello"]
                    """);
            Files.writeString(context.resolve("hello.txt"), "hello\n");
            String dockerfile = context.resolve("Dockerfile").toString();
            String root = dir.resolve("store").toString();
            Path base = Files.createDirectories(dir.resolve("base/bin"));
            Path busybox = Path.of("/bin/busybox");
            if (Files.isRegularFile(busybox)) {
                Files.copy(busybox, base.resolve("busybox"));
                Files.createSymbolicLink(base.resolve("sh"), Path.of("busybox"));
                Files.createSymbolicLink(base.resolve("true"), Path.of("busybox"));
            }
            Path app = Files.createDirectories(dir.resolve("app"));
            Files.writeString(app.resolve("Dockerfile"), """
                    FROM training-base:1 AS builder
                    WORKDIR /app
                    COPY . .
                    RUN --network=none true
                    FROM training-base:1
                    WORKDIR /root/
                    COPY --from=builder /app/main.txt .
                    CMD ["./main.txt"]
                    """);
            Files.writeString(app.resolve(".dockerignore"), "*.log\n!keep.log\nbuild/\n");
            Files.writeString(app.resolve("main.txt"), "main\n");
            Files.writeString(app.resolve("skipped.log"), "skipped\n");
            for (List<String> command : List.of(
                    List.of("--version"),
                    List.of("--help"),
                    List.of("help", "build"),
                    List.of("biuld"),
                    List.of("parse", "-f", dockerfile),
                    List.of("parse", "--format=dump", "-f", dockerfile),
                    List.of("lint", context.toString()),
                    List.of("--root", root, "images"),
                    List.of("--root", root, "build", "--progress=plain", "-t", "training:1", context.toString()),
                    List.of("--root", root, "build", "--progress=plain", "-t", "training:1", context.toString()),
                    List.of("--root", root, "images"),
                    List.of("--root", root, "inspect", "training:1"),
                    List.of("--root", root, "import", dir.resolve("base").toString(), "training-base:1"),
                    List.of("--root", root, "build", "-q", "-t", "training-app:1", app.toString()),
                    List.of("--root", root, "build", "-q", "-t", "training-app:1", app.toString()))) {
                run(command);
            }
        } finally {
            delete(dir);
        }
    }

    private static void run(List<String> command) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        RootlessRelay.applies(command.toArray(String[]::new)); // what Main asks before every command
        Cli.run(command.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), nowhere, nowhere);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
