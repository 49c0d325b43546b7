package dev.stevedore.api;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A temp store with a busybox base image, a context dir, and helpers to build and inspect. */
final class BuildHarness {

    final Path dir;
    final Path root;
    final Path context;
    final Store store;
    final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());
    private int unpacks;

    BuildHarness(Path dir) throws IOException {
        BusyboxImage.assumeRunnable();
        this.dir = dir;
        this.root = dir.resolve("store");
        this.context = Files.createDirectories(dir.resolve("ctx"));
        this.store = Store.open(root);
        BusyboxImage.create(store, dir.resolve("image"), BusyboxImage.NAME);
    }

    void file(String name, String content) throws IOException {
        Path p = context.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    BuildResult build(String dockerfile) throws IOException {
        return build(dockerfile, r -> r);
    }

    BuildResult build(String dockerfile, java.util.function.UnaryOperator<BuildRequest.Builder> change) throws IOException {
        file("Dockerfile", dockerfile);
        events.clear();
        BuildListener listener = events::add;
        return new ImageBuilder().build(change.apply(BuildRequest.builder(context).storeRoot(root)
                .tags(List.of("test/app:latest"))).build(), listener);
    }

    /** Names of the stages' steps that came from the cache, and of those that ran, in order (not the export). */
    List<String> steps(Class<? extends BuildEvent> kind) {
        Map<Integer, String> names = new java.util.HashMap<>();
        List<String> out = new ArrayList<>();
        synchronized (events) {
            for (BuildEvent e : events) {
                if (e instanceof BuildEvent.StepStarted s && s.position().isPresent()) {
                    names.put(s.step().number(), s.name());
                } else if (kind.isInstance(e) && e instanceof BuildEvent.StepCached c && names.containsKey(c.step().number())) {
                    out.add(names.get(c.step().number()));
                } else if (kind.isInstance(e) && e instanceof BuildEvent.StepDone d && names.containsKey(d.step().number())) {
                    out.add(names.get(d.step().number()));
                }
            }
        }
        return out;
    }

    /** The image's config, read from the store. */
    ImageConfig config(BuildResult result) {
        return OciJson.readConfig(store.blobs().read(result.imageId())).value();
    }

    /** The image's root filesystem, unpacked by {@code umoci} (an independent judge). */
    Path unpack(String tag) throws IOException, InterruptedException {
        Path bundle = dir.resolve("bundle" + (++unpacks));
        run("umoci", "unpack", "--image", root + "/oci:" + tag, bundle.toString());
        return bundle.resolve("rootfs");
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
