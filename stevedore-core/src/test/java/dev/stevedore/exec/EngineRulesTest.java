package dev.stevedore.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.cache.CacheExchange;
import dev.stevedore.context.BuildContext;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildArgs;
import dev.stevedore.runtime.NetworkMode;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's cache and scheduling rules, on fakes of its ports (no root, no runc, no overlay):
 * what is a hit, what a change invalidates, keys that do not depend on the store, stages that run
 * at the same time, failures that name their line.
 */
class EngineRulesTest {

    private static final String EPOCH = "1700000000";

    @TempDir
    Path dir;

    /** One store, its fake ports, and a context directory. */
    private final class Engine {
        final Store store;
        final CopyingSnapshots snapshots;
        final ScriptedRuntime runtime = new ScriptedRuntime();
        final Path context;
        final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());
        /** {@code --explain-cache} */
        boolean explain;

        Engine(String name) throws IOException {
            Path home = Files.createDirectories(dir.resolve(name));
            store = Store.open(home.resolve("store"));
            snapshots = new CopyingSnapshots(Files.createDirectories(home.resolve("snapshots")));
            context = Files.createDirectories(home.resolve("context"));
        }

        void file(String name, String content) throws IOException {
            Files.writeString(context.resolve(name), content, StandardCharsets.UTF_8);
        }

        BuiltImage build(String dockerfile) throws IOException {
            return build(dockerfile, false, Set.of(), 1);
        }

        BuiltImage build(String dockerfile, boolean noCache, Set<String> noCacheFilter, int jobs) throws IOException {
            return build(dockerfile, Map.of(), noCache, noCacheFilter, jobs);
        }

        BuiltImage build(String dockerfile, Map<String, String> buildArgs, boolean noCache, Set<String> noCacheFilter,
                         int jobs) throws IOException {
            file("Dockerfile", dockerfile);
            Map<String, String> args = new HashMap<>(buildArgs);
            args.put("SOURCE_DATE_EPOCH", EPOCH);
            events.clear();
            runtime.ran.clear();
            ExecOptions options = new ExecOptions(BuildContext.ofDirectory(context, Optional.empty()), List.of(),
                    BuildArgs.of(args), Optional.empty(), Platform.parse("linux/amd64"),
                    noCache, noCacheFilter, jobs, (mounts, ctx) -> ReadyMounts.NONE, events::add, new Pulls(Optional.empty(), false),
                    Map.of(), NetworkMode.NONE, Sandbox.DEFAULT, CacheExchange.none().withExplain(explain));
            return BuildExecutor.build(store, new BuildPorts(snapshots, () -> runtime),
                    DockerfileParser.parse("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8)), options);
        }

        /** {@code step name: why it missed}, for each step that missed, in order. */
        List<String> misses() {
            Map<Integer, String> names = new HashMap<>();
            List<String> out = new ArrayList<>();
            synchronized (events) {
                for (BuildEvent e : events) {
                    if (e instanceof BuildEvent.StepStarted s) {
                        names.put(s.step().number(), s.name());
                    } else if (e instanceof BuildEvent.StepCacheMiss m) {
                        out.add(names.get(m.step().number()) + ": " + m.reason());
                    }
                }
            }
            return out;
        }

        /** Tags a base image without layers whose config has {@code MARK=marker}: another marker, another digest. */
        void baseImage(String name, String marker) {
            var config = dev.stevedore.oci.ImageConfig.scratch(Platform.parse("linux/amd64"))
                    .withConfig(c -> c.withEnv("MARK", marker));
            var configJson = dev.stevedore.oci.json.OciJson.serialize(config);
            store.blobs().put(configJson.raw());
            var manifest = dev.stevedore.oci.json.OciJson.serialize(dev.stevedore.oci.ImageManifest.oci(
                    dev.stevedore.oci.json.OciJson.configDescriptor(configJson, false), List.of()));
            store.blobs().put(manifest.raw());
            store.tags().tag(name, dev.stevedore.oci.json.OciJson.descriptor(manifest));
        }

        /** The names of the stages' steps that ended with {@code kind} (cached or done), in order. */
        List<String> steps(Class<? extends BuildEvent> kind) {
            Map<Integer, String> names = new HashMap<>();
            List<String> out = new ArrayList<>();
            synchronized (events) {
                for (BuildEvent e : events) {
                    if (e instanceof BuildEvent.StepStarted s && s.position().isPresent()) {
                        names.put(s.step().number(), s.name());
                    } else if (kind.isInstance(e) && e instanceof BuildEvent.StepCached c) {
                        out.add(names.get(c.step().number()));
                    } else if (kind.isInstance(e) && e instanceof BuildEvent.StepDone d
                            && names.containsKey(d.step().number())) {
                        out.add(names.get(d.step().number()));
                    }
                }
            }
            return out;
        }

        Set<Digest> keys() {
            return new HashSet<>(store.cache().listRecords());
        }
    }

    private static final String LAYERED = """
            FROM scratch
            COPY a /a
            RUN write /x made-from-a
            ENV STAGE=one
            COPY b /b
            RUN write /y made-after-b
            """;

    @Test
    void aSecondBuildTakesEveryStepFromTheCacheAndWritesTheSameImage() throws IOException {
        Engine engine = new Engine("one");
        engine.file("a", "a");
        engine.file("b", "b");
        BuiltImage first = engine.build(LAYERED);
        assertThat(engine.runtime.ran).hasSize(2);

        BuiltImage second = engine.build(LAYERED);

        assertThat(engine.runtime.ran).isEmpty();
        assertThat(engine.steps(BuildEvent.StepCached.class)).containsExactly("[2/5] COPY a /a",
                "[3/5] RUN write /x made-from-a", "[4/5] COPY b /b",
                "[5/5] RUN write /y made-after-b");
        assertThat(second.config().digest()).isEqualTo(first.config().digest());
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
    }

    @Test
    void aHitMakesItsRecordTheMostRecentlyUsedForPrune() throws IOException {
        Engine engine = new Engine("one");
        engine.file("a", "a");
        engine.file("b", "b");
        engine.build(LAYERED);
        java.time.Instant old = java.time.Instant.parse("2020-01-01T00:00:00Z");
        java.nio.file.Path records = engine.store.root().resolve("cache/sha256");
        try (var files = java.nio.file.Files.list(records)) {
            for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                java.nio.file.Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(old));
            }
        }
        engine.build(LAYERED);
        try (var files = java.nio.file.Files.list(records)) {
            // the four steps' records were hit, so prune --keep-storage/--filter until= takes them last
            assertThat(files.filter(f -> f.toString().endsWith(".json")).filter(f -> {
                try {
                    return java.nio.file.Files.getLastModifiedTime(f).toInstant().isAfter(old);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).hasSize(4);
        }
    }

    @Test
    void aChangedFileRunsExactlyTheStepsFromTheCopyThatReadsIt() throws IOException {
        Engine engine = new Engine("one");
        engine.file("a", "a");
        engine.file("b", "b");
        engine.build(LAYERED);

        engine.file("b", "b changed");
        engine.build(LAYERED);
        assertThat(engine.steps(BuildEvent.StepCached.class)).containsExactly("[2/5] COPY a /a",
                "[3/5] RUN write /x made-from-a");
        assertThat(engine.runtime.ran).containsExactly("write /y made-after-b");

        engine.file("a", "a changed");
        engine.build(LAYERED);
        assertThat(engine.steps(BuildEvent.StepCached.class)).isEmpty();
        assertThat(engine.runtime.ran).containsExactly("write /x made-from-a", "write /y made-after-b");
    }

    @Test
    void aChangedInstructionRunsItAndTheStepsAfterItOnly() throws IOException {
        Engine engine = new Engine("one");
        engine.file("a", "a");
        engine.file("b", "b");
        engine.build(LAYERED);

        engine.build(LAYERED.replace("ENV STAGE=one", "ENV STAGE=two"));

        assertThat(engine.steps(BuildEvent.StepCached.class)).containsExactly("[2/5] COPY a /a",
                "[3/5] RUN write /x made-from-a");
        assertThat(engine.steps(BuildEvent.StepDone.class)).containsExactly("[1/5] FROM scratch",
                "[4/5] COPY b /b", "[5/5] RUN write /y made-after-b");
    }

    @Test
    void aBuildArgOnlyACopyFlagReadsStillDecidesTheCopysKey() throws IOException {
        Engine engine = new Engine("one");
        engine.file("a", "a");
        String dockerfile = """
                FROM scratch
                ARG MODE
                COPY --chmod=$MODE a /a
                """;
        engine.build(dockerfile, Map.of("MODE", "644"), false, Set.of(), 1);

        engine.build(dockerfile, Map.of("MODE", "600"), false, Set.of(), 1);

        assertThat(engine.steps(BuildEvent.StepCached.class)).isEmpty();
        assertThat(engine.steps(BuildEvent.StepDone.class)).contains("[2/2] COPY --chmod=600 a /a");
    }

    @Test
    void theProxyOfTheMachineIsNotPartOfAKey() throws IOException {
        Engine engine = new Engine("one");
        String dockerfile = "FROM scratch\nRUN write /x x\n";
        engine.build(dockerfile, Map.of("HTTP_PROXY", "http://proxy.one:3128"), false, Set.of(), 1);

        engine.build(dockerfile, Map.of("HTTP_PROXY", "http://proxy.two:3128"), false, Set.of(), 1);

        assertThat(engine.steps(BuildEvent.StepCached.class)).containsExactly("[2/2] RUN write /x x");
    }

    @Test
    void noCacheRunsEverythingAndNoCacheFilterOnlyTheStagesItNames() throws IOException {
        Engine engine = new Engine("one");
        String dockerfile = """
                FROM scratch AS tools
                RUN write /tool tool
                FROM scratch AS app
                RUN write /app app
                COPY --from=tools /tool /tool
                """;
        engine.build(dockerfile);

        engine.build(dockerfile, true, Set.of(), 1);
        assertThat(engine.runtime.ran).containsExactlyInAnyOrder("write /tool tool", "write /app app");
        assertThat(engine.steps(BuildEvent.StepCached.class)).isEmpty();

        engine.build(dockerfile, false, Set.of("tools"), 1);
        assertThat(engine.runtime.ran).containsExactly("write /tool tool");
        // the tool came out the same, so the COPY that reads it stays cached
        assertThat(engine.steps(BuildEvent.StepCached.class)).containsExactly("[app 2/3] RUN write /app app",
                "[app 3/3] COPY --from=tools /tool /tool");
    }

    /** Hashing a {@code COPY --from} source mounts its tree once; the store remembers the digest. */
    @Test
    void anUnchangedRebuildWithCopyFromMountsNothingAndAChangedSourceIsHashedAgain() throws IOException {
        Engine engine = new Engine("one");
        String dockerfile = """
                FROM scratch AS tools
                RUN write /tool %s
                FROM scratch AS app
                COPY --from=tools /tool /tool
                """;
        engine.build(dockerfile.formatted("one"));
        assertThat(engine.snapshots.views.getAndSet(0)).isEqualTo(1);

        BuiltImage again = engine.build(dockerfile.formatted("one"));
        assertThat(engine.snapshots.views.get()).isZero();
        assertThat(engine.steps(BuildEvent.StepCached.class)).contains("[app 2/2] COPY --from=tools /tool /tool");

        BuiltImage changed = engine.build(dockerfile.formatted("two"));
        assertThat(engine.snapshots.views.get()).isEqualTo(1);
        assertThat(engine.steps(BuildEvent.StepCached.class)).isEmpty();
        assertThat(changed.manifest().digest()).isNotEqualTo(again.manifest().digest());
    }

    /** A remembered digest is only a key: when the step must run (no cache), the tree is mounted and copied. */
    @Test
    void aRememberedSourceDigestStillCopiesWhenTheStepRuns() throws IOException {
        Engine engine = new Engine("one");
        String dockerfile = """
                FROM scratch AS tools
                RUN write /tool tool
                FROM scratch AS app
                COPY --from=tools /tool /tool
                """;
        BuiltImage first = engine.build(dockerfile);
        engine.build(dockerfile, false, Set.of("app"), 1);

        assertThat(engine.steps(BuildEvent.StepCached.class)).containsExactly("[tools 2/2] RUN write /tool tool");
        assertThat(engine.snapshots.views.get()).isEqualTo(2);
        assertThat(engine.build(dockerfile).manifest().digest()).isEqualTo(first.manifest().digest());
    }

    @Test
    void twoStoresGiveTheSameKeysAndTheSameImageForTheSameBuild() throws IOException {
        Engine one = new Engine("one");
        Engine two = new Engine("two");
        String dockerfile = """
                FROM scratch AS base
                WORKDIR /app
                COPY a ./
                RUN write /app/built from-a
                FROM base AS final
                COPY --from=base /app/built /copy
                LABEL kind=test
                """;
        for (Engine e : List.of(one, two)) {
            e.file("a", "same content");
        }

        BuiltImage first = one.build(dockerfile);
        BuiltImage second = two.build(dockerfile);

        // four steps, the remembered digest of what the COPY --from selects, and the keys of the
        // two FROMs (remembered so that a miss on a changed base can say what changed)
        assertThat(one.keys()).hasSize(7).isEqualTo(two.keys());
        assertThat(second.config().digest()).isEqualTo(first.config().digest());
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
    }

    @Test
    void checkoutsOwnedByDifferentUsersGiveTheSameKeysAndTheSameImage() throws IOException {
        dev.stevedore.testing.Prerequisites.root(); // to give the second checkout another owner
        Engine one = new Engine("one");
        Engine two = new Engine("two");
        String dockerfile = """
                FROM scratch
                COPY a /a
                COPY . /all/
                """;
        for (Engine e : List.of(one, two)) {
            e.file("a", "same content");
        }
        // a CI runner's checkout belongs to its runner user, a laptop's to its developer: COPY makes root own both
        try (var files = Files.walk(two.context)) {
            for (Path p : files.toList()) {
                Files.setAttribute(p, "unix:uid", 1000, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", 1000, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }

        BuiltImage first = one.build(dockerfile);
        BuiltImage second = two.build(dockerfile);

        assertThat(one.keys()).as("two COPYs and the FROM").hasSize(3).isEqualTo(two.keys());
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
    }

    @Test
    void explainCacheSaysAFileChangedWithTheDigestsOfTheSources() throws IOException {
        Engine e = new Engine("one");
        e.explain = true;
        e.file("a", "one");
        e.file("b", "b");
        e.build(LAYERED);
        e.file("a", "two");
        e.build(LAYERED);
        assertThat(e.misses()).hasSize(4);
        assertThat(e.misses().getFirst()).matches(
                "\\[2/5\\] COPY a /a: the content of its sources changed \\(sha256:[0-9a-f]{12}… → sha256:[0-9a-f]{12}…\\)");
        assertThat(e.misses().get(1)).isEqualTo("[3/5] RUN write /x made-from-a: an earlier step of its stage changed");
    }

    @Test
    void explainCacheNamesTheBuildArgThatChangedButNeverItsValue() throws IOException {
        Engine e = new Engine("one");
        e.explain = true;
        String dockerfile = "FROM scratch\nARG TOKEN\nARG MODE\nRUN write /x made\n";
        e.build(dockerfile, Map.of("TOKEN", "s3cret-1", "MODE", "fast"), false, Set.of(), 1);
        e.build(dockerfile, Map.of("TOKEN", "s3cret-2", "MODE", "fast"), false, Set.of(), 1);
        assertThat(e.misses()).containsExactly(
                "[2/2] RUN write /x made: build arg or environment variable TOKEN changed");
        for (Digest key : e.store.cache().listRecords()) {
            assertThat(new String(e.store.cache().getRecord(key).orElseThrow(), StandardCharsets.UTF_8))
                    .as("a record keeps names and digests, never a value").doesNotContain("s3cret");
        }
    }

    @Test
    void explainCacheSaysTheBaseImageDigestChanged() throws IOException {
        Engine e = new Engine("one");
        e.explain = true;
        e.file("a", "same");
        String dockerfile = "FROM base:1\nCOPY a /a\n";
        e.baseImage("docker.io/library/base:1", "first");
        e.build(dockerfile);
        e.baseImage("docker.io/library/base:1", "second");
        e.build(dockerfile);
        assertThat(e.misses()).singleElement().asString().matches(
                "\\[2/2\\] COPY a /a: its base changed: base image digest changed \\(sha256:[0-9a-f]{12}… → sha256:[0-9a-f]{12}…\\)");
    }

    @Test
    void explainCacheSaysTheInstructionChangedOrThatNothingWasBuiltBefore() throws IOException {
        Engine e = new Engine("one");
        e.explain = true;
        e.build("FROM scratch\nRUN write /x one\n");
        assertThat(e.misses()).containsExactly("[2/2] RUN write /x one: no earlier build of this step");
        e.build("FROM scratch\nRUN write /x two\n");
        assertThat(e.misses()).containsExactly("[2/2] RUN write /x two: the instruction's text changed");
        e.build("FROM scratch\nRUN write /x two\n");
        assertThat(e.misses()).isEmpty();
    }

    @Test
    void cacheKeysHaveACanonicalFormWithTheirSchemaAndNamedParts() {
        CacheKey key = CacheKey.on(Digest.sha256(new byte[0]), "run",
                new CacheKey.Parts().add("args", List.of("/bin/sh", "-c", "make")).add("user", "").all());

        assertThat(new String(key.canonical(), StandardCharsets.UTF_8)).isEqualTo("""
                stevedore-cache-key 2
                kind 3:run
                parent 71:sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                part 4:args 19:7:/bin/sh2:-c4:make
                part 4:user 0:
                """);
        assertThat(key.digest()).isEqualTo(Digest.sha256(key.canonical()));
        // a value can never pass for another part
        assertThat(CacheKey.on(Digest.sha256(new byte[0]), "run", new CacheKey.Parts().add("a", "1 part 1:b 1:2").all())
                .digest()).isNotEqualTo(CacheKey.on(Digest.sha256(new byte[0]), "run",
                new CacheKey.Parts().add("a", "1").add("b", "2").all()).digest());
    }

    @Test
    void independentStagesRunAtTheSameTime() throws IOException {
        Engine engine = new Engine("one");
        engine.runtime.meeting = new CyclicBarrier(2);
        String dockerfile = """
                FROM scratch AS left
                RUN meet && write /left left
                FROM scratch AS right
                RUN meet && write /right right
                FROM scratch
                COPY --from=left /left /left
                COPY --from=right /right /right
                """;

        engine.build(dockerfile, false, Set.of(), 2);

        assertThat(engine.runtime.ran).containsExactlyInAnyOrder("meet && write /left left",
                "meet && write /right right");
    }

    @Test
    void everyReadyStageStartsWithoutWaitingForAPlaceHeldByASlowUnrelatedStage() throws IOException {
        Engine engine = new Engine("one");
        // three RUNs that can only finish together: with stages run two at a time (--jobs as it
        // was: CPUs, 2 here), the third never starts while the first two wait for it
        engine.runtime.meeting = new CyclicBarrier(3);
        String dockerfile = """
                FROM scratch AS slow
                RUN meet && write /slow slow
                FROM scratch AS slower
                RUN meet && write /slower slower
                FROM scratch AS ready
                RUN meet && write /ready ready
                FROM scratch
                COPY --from=slow /slow /slow
                COPY --from=slower /slower /slower
                COPY --from=ready /ready /ready
                """;

        engine.build(dockerfile, false, Set.of(), 0);

        assertThat(engine.runtime.ran).hasSize(3);
    }

    @Test
    void jobsBoundsTheRunsAtOnceNotTheStages() throws IOException {
        Engine engine = new Engine("one");
        String dockerfile = """
                FROM scratch AS left
                ENV SIDE=left
                RUN write /left left
                FROM scratch AS right
                ENV SIDE=right
                RUN write /right right
                FROM scratch AS third
                RUN write /third third
                FROM scratch
                COPY --from=left /left /left
                COPY --from=right /right /right
                COPY --from=third /third /third
                """;

        engine.build(dockerfile, false, Set.of(), 1);

        assertThat(engine.runtime.ran).hasSize(3);
        assertThat(engine.runtime.mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void aFailedCommandNamesItsLineAndFailsItsStep() throws IOException {
        Engine engine = new Engine("one");

        assertThatThrownBy(() -> engine.build("FROM scratch\nENV A=1\nRUN exit 3\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Dockerfile:3: process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3");
        assertThat(engine.events).filteredOn(BuildEvent.StepFailed.class::isInstance).hasSize(1);
    }

    @Test
    void aFailureAwayFromTheDockerfileGetsTheLineOfItsStep() throws IOException {
        Engine engine = new Engine("one");

        assertThatThrownBy(() -> engine.build("FROM scratch\n\nRUN fail the runtime broke\n"))
                .isInstanceOf(InternalException.class)
                .hasMessage("Dockerfile:3: RUN fail the runtime broke: the runtime broke");
        assertThat(engine.events).filteredOn(BuildEvent.StepFailed.class::isInstance).singleElement()
                .extracting(e -> ((BuildEvent.StepFailed) e).message()).isEqualTo("the runtime broke");
    }
}
