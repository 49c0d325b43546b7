package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.event.BuildEvent;

import dev.stevedore.store.CacheLimit;
import dev.stevedore.store.CacheMountUsage;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.GolangImage;
import dev.stevedore.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15's cache mounts travelling, on the Go example (examples/go, its Dockerfile as it is:
 * {@code RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build
 * go build}) through a real registry (root, real runc). Machine A builds with
 * {@code --cache-to type=registry,...,mode=max,cache-mounts=true}; machine B, a fresh store with
 * the bases only and {@code main.go} edited, builds with {@code --cache-from}: its {@code go build}
 * reruns and compiles only the edited package, the standard library coming from the restored build
 * cache; a machine with a cache of the steps only compiles it all. The Go example downloads no
 * module, so what is counted is the packages compiled, which {@code go build} names with
 * {@code GOFLAGS=-v} (set in the test's golang stand-in). The stand-in's Go (Debian's, 1.19)
 * compiles the standard library into the build cache, as Go 1.20 does.
 */
class GoExampleCacheMountTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "go");
    private static final String GOLANG = "docker.io/library/golang:1.20";
    private static final String ALPINE = "docker.io/library/alpine:latest";

    @TempDir
    Path dir;

    TestRegistry registry;

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aFreshStoreWithTheEditedSourceCompilesOnlyWhatChanged() throws Exception {
        GolangImage.assumeToolchain();
        registry = TestRegistry.start();
        String withMounts = registry.host() + "/cache/go:mounts";
        String stepsOnly = registry.host() + "/cache/go:steps";

        BuildHarness a = machine("a", null);
        build(a, List.of(), List.of("type=registry,ref=" + withMounts + ",mode=max,cache-mounts=true",
                "type=registry,ref=" + stepsOnly + ",mode=max"));
        List<String> compiledOnA = compiled(a);
        assertThat(compiledOnA).as("a cold build compiles the standard library").contains("fmt", "runtime",
                "example.com/myapp");

        BuildHarness b = machine("b", a);
        edit(b);
        build(b, List.of("type=registry,ref=" + withMounts), List.of());
        assertThat(b.steps(BuildEvent.StepDone.class)).as("go build reruns on the edited source")
                .anyMatch(s -> s.contains("] RUN --mount=type=cache"));
        List<String> compiledOnB = compiled(b);
        assertThat(compiledOnB).as("the restored build cache holds the standard library").containsExactly(
                "example.com/myapp");

        // du counts B's cache mounts, used just now; prune --keep-storage 0 empties them
        List<CacheMountUsage> mounts = b.store.du().cacheMounts();
        assertThat(mounts).extracting(CacheMountUsage::id).containsExactlyInAnyOrder("/go/pkg/mod",
                "/root/.cache/go-build");
        assertThat(mounts).filteredOn(m -> m.id().equals("/root/.cache/go-build")).singleElement()
                .satisfies(m -> assertThat(m.bytes()).isPositive())
                .satisfies(m -> assertThat(m.lastUsed()).isAfter(Instant.now().minus(Duration.ofHours(1))));
        long goBuildBytes = b.store.du().cacheMountBytes();
        assertThat(b.store.prune(false, new CacheLimit(Optional.of(0L), Optional.empty())).cacheMounts())
                .containsExactly("/root/.cache/go-build");
        assertThat(b.store.du().cacheMountBytes()).isZero();

        BuildHarness c = machine("c", a);
        edit(c);
        build(c, List.of("type=registry,ref=" + stepsOnly), List.of());
        List<String> compiledOnC = compiled(c);
        assertThat(compiledOnC).as("without the cache mounts a fresh store compiles it all again")
                .contains("fmt", "runtime", "example.com/myapp");

        // the figures for the report (times are not asserted: the machine is shared)
        System.out.printf("GoExampleCacheMountTest: packages compiled: A cold %d, B fresh+cache mounts %d,"
                        + " C fresh+steps only %d; go build took A %s, B %s, C %s; B's build cache %d bytes%n",
                compiledOnA.size(), compiledOnB.size(), compiledOnC.size(), runTime(a), runTime(b), runTime(c),
                goBuildBytes);
    }

    /** A store with the example as its context, and golang and alpine stand-ins: made, or the same as {@code basesOf}'s. */
    private BuildHarness machine(String name, BuildHarness basesOf) throws IOException {
        BuildHarness h = new BuildHarness(dir.resolve(name));
        if (basesOf == null) {
            GolangImage.create(h.store, dir.resolve(name + "-golang"), GOLANG, Map.of("GOFLAGS", "-v"));
            BusyboxImage.create(h.store, dir.resolve(name + "-alpine"), ALPINE);
        } else {
            BusyboxImage.copy(basesOf.store, h.store, GOLANG);
            BusyboxImage.copy(basesOf.store, h.store, ALPINE);
        }
        try (Stream<Path> files = Files.list(EXAMPLE)) {
            for (Path f : files.toList()) {
                Files.copy(f, h.context.resolve(f.getFileName().toString()));
            }
        }
        return h;
    }

    /** One commit's change: a comment added to main.go. */
    private static void edit(BuildHarness h) throws IOException {
        Files.writeString(h.context.resolve("main.go"), "// edited\n", StandardOpenOption.APPEND);
    }

    private void build(BuildHarness h, List<String> from, List<String> to) throws IOException {
        // no network: go build needs none, and the builds show it
        h.build(Files.readString(h.context.resolve("Dockerfile")), r -> r.network(NetworkMode.NONE)
                .distribution(Distribution.defaults().withInsecureRegistries(List.of(registry.host())))
                .sharedCache(SharedCache.of(from, to)));
    }

    /** The packages the RUN's {@code go build -v} named, in order. */
    private static List<String> compiled(BuildHarness h) {
        int run = runStep(h);
        List<String> packages = new ArrayList<>();
        synchronized (h.events) {
            for (BuildEvent e : h.events) {
                if (e instanceof BuildEvent.StepOutput o && o.step().number() == run && !o.line().isBlank()) {
                    packages.add(o.line().strip());
                }
            }
        }
        return packages;
    }

    private static Duration runTime(BuildHarness h) {
        int run = runStep(h);
        synchronized (h.events) {
            return h.events.stream().filter(e -> e instanceof BuildEvent.StepDone d && d.step().number() == run)
                    .map(e -> ((BuildEvent.StepDone) e).elapsed()).findFirst().orElseThrow();
        }
    }

    private static int runStep(BuildHarness h) {
        synchronized (h.events) {
            return h.events.stream().filter(e -> e instanceof BuildEvent.StepStarted s && s.name().contains("RUN --mount"))
                    .map(e -> ((BuildEvent.StepStarted) e).step().number()).findFirst().orElseThrow();
        }
    }
}
