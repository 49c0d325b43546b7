package dev.stevedore.exec.mounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.exec.MountContext;
import dev.stevedore.oci.Platform;
import dev.stevedore.runtime.RunMount;
import dev.stevedore.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's seam: where cache mounts live, how {@code from=} resolves. */
class BuildMountsTest {

    @TempDir
    Path dir;

    @Test
    void cacheMountsLiveInTheStoreAndFromResolvesThroughTheEngine() throws Exception {
        Store store = Store.open(dir.resolve("store"));
        Path context = Files.createDirectories(dir.resolve("context"));
        Path builder = Files.createDirectories(dir.resolve("builder/out"));
        MountContext ctx = new MountContext(store, context,
                name -> name.equals("builder") ? Optional.of(dir.resolve("builder")) : Optional.empty(),
                Platform.host(), "stage runtime");
        BuildMounts resolver = new BuildMounts(List.of(), List.of(), Map.of());
        List<Mount> mounts = List.of(
                new Mount.Cache("/root/.m2", Optional.empty(), Mount.Sharing.SHARED, Optional.empty(), Optional.empty(),
                        false, 0755, 0, 0),
                new Mount.Bind("/src", Optional.empty(), Optional.empty(), true),
                new Mount.Bind("/out", Optional.of("out"), Optional.of("builder"), true));
        try (PreparedMounts prepared = resolver.prepare(mounts, ctx)) {
            assertThat(prepared.runMounts()).containsExactly(
                    new RunMount.Bind(store.root().resolve("cache-mounts").resolve(CacheMounts.hash("/root/.m2"))
                            .resolve("data"), "/root/.m2", false),
                    new RunMount.Bind(context, "/src", true),
                    new RunMount.Bind(builder, "/out", true));
            assertThat(prepared.env()).isEmpty();
            assertThat(prepared.toString()).contains("/root/.m2");
        }
        assertThatThrownBy(() -> resolver.prepare(List.of(new Mount.Bind("/x", Optional.empty(), Optional.of("nope"),
                true)), ctx)).isInstanceOf(NotFoundException.class)
                .hasMessage("RUN --mount from=nope: no stage or image named \"nope\"");
        assertThat(BuildMounts.cleanupStale(store)).isEmpty();
    }
}
