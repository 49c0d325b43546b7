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
 * most, in one process: help, parse, lint, images and a small build in a store of its own. A
 * command that fails here (a build needs root) only leaves its classes out of the cache.
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
                    List.of("--root", root, "inspect", "training:1"))) {
                run(command);
            }
        } finally {
            delete(dir);
        }
    }

    private static void run(List<String> command) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
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
