package dev.stevedore.oci.json;

import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.oci.Healthcheck;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.RootFs;
import java.time.Duration;
import java.util.Optional;

/**
 * Image configs in JSON. Written as Docker and BuildKit write them: top-level keys in sorted
 * order (both marshal the top level through a Go map), the {@code config} object in the
 * order of moby's {@code DockerOCIImageConfig} (the OCI fields, then {@code Healthcheck},
 * {@code OnBuild}, {@code Shell}), empty fields omitted, durations as integer nanoseconds.
 */
final class ConfigJson {

    private ConfigJson() {}

    static ImageConfig read(JsonField root) {
        root.required().requireObject();
        JsonField rootfs = root.field("rootfs").required();
        return new ImageConfig(
                GoTime.read(root.field("created")),
                root.field("author").string(),
                root.field("architecture").required().string(),
                root.field("os").required().string(),
                root.field("os.version").string(),
                root.field("os.features").stringList(),
                root.field("variant").string(),
                readContainerConfig(root.field("config")),
                new RootFs(rootfs.field("type").required().string(),
                        rootfs.field("diff_ids").list(DescriptorJson::digest)),
                root.field("history").list(ConfigJson::readHistory));
    }

    private static ContainerConfig readContainerConfig(JsonField c) {
        c.requireObject();
        JsonField health = c.field("Healthcheck");
        return new ContainerConfig(
                c.field("User").string(),
                c.field("ExposedPorts").members().keySet(),
                c.field("Env").stringList(),
                c.field("Entrypoint").stringList(),
                c.field("Cmd").stringList(),
                c.field("Volumes").members().keySet(),
                c.field("WorkingDir").string(),
                c.field("Labels").stringMap(),
                c.field("StopSignal").string(),
                c.field("ArgsEscaped").bool(),
                health.isAbsent() ? Optional.empty() : Optional.of(readHealthcheck(health)),
                c.field("OnBuild").stringList(),
                c.field("Shell").stringList());
    }

    private static Healthcheck readHealthcheck(JsonField h) {
        h.requireObject();
        return new Healthcheck(h.field("Test").stringList(), nanos(h.field("Interval")), nanos(h.field("Timeout")),
                nanos(h.field("StartPeriod")), nanos(h.field("StartInterval")), h.field("Retries").intOrZero());
    }

    private static History readHistory(JsonField h) {
        h.required().requireObject();
        return new History(GoTime.read(h.field("created")), h.field("created_by").string(),
                h.field("author").string(), h.field("comment").string(), h.field("empty_layer").bool());
    }

    private static Duration nanos(JsonField f) {
        return Duration.ofNanos(f.longOrZero());
    }

    static void write(GoJsonWriter w, ImageConfig c) {
        w.startObject()
                .field("architecture", c.architecture())
                .fieldIfNotEmpty("author", c.author());
        writeContainerConfig(w.name("config"), c.config());
        c.created().ifPresent(t -> w.field("created", GoTime.format(t)));
        if (!c.history().isEmpty()) {
            w.name("history").startArray();
            c.history().forEach(h -> writeHistory(w, h));
            w.endArray();
        }
        w.field("os", c.os())
                .stringArrayIfNotEmpty("os.features", c.osFeatures())
                .fieldIfNotEmpty("os.version", c.osVersion());
        w.name("rootfs").startObject().field("type", c.rootfs().type()).name("diff_ids").startArray();
        c.rootfs().diffIds().forEach(d -> w.value(d.toString()));
        w.endArray().endObject()
                .fieldIfNotEmpty("variant", c.variant())
                .endObject();
    }

    private static void writeContainerConfig(GoJsonWriter w, ContainerConfig c) {
        w.startObject()
                .fieldIfNotEmpty("User", c.user())
                .setIfNotEmpty("ExposedPorts", c.exposedPorts())
                .stringArrayIfNotEmpty("Env", c.env())
                .stringArrayIfNotEmpty("Entrypoint", c.entrypoint())
                .stringArrayIfNotEmpty("Cmd", c.cmd())
                .setIfNotEmpty("Volumes", c.volumes())
                .fieldIfNotEmpty("WorkingDir", c.workingDir())
                .stringMapIfNotEmpty("Labels", c.labels())
                .fieldIfNotEmpty("StopSignal", c.stopSignal());
        if (c.argsEscaped()) {
            w.name("ArgsEscaped").value(true);
        }
        c.healthcheck().ifPresent(h -> writeHealthcheck(w.name("Healthcheck"), h));
        w.stringArrayIfNotEmpty("OnBuild", c.onBuild())
                .stringArrayIfNotEmpty("Shell", c.shell())
                .endObject();
    }

    private static void writeHealthcheck(GoJsonWriter w, Healthcheck h) {
        w.startObject()
                .stringArrayIfNotEmpty("Test", h.test())
                .fieldIfNotZero("Interval", h.interval().toNanos())
                .fieldIfNotZero("Timeout", h.timeout().toNanos())
                .fieldIfNotZero("StartPeriod", h.startPeriod().toNanos())
                .fieldIfNotZero("StartInterval", h.startInterval().toNanos())
                .fieldIfNotZero("Retries", h.retries())
                .endObject();
    }

    private static void writeHistory(GoJsonWriter w, History h) {
        w.startObject();
        h.created().ifPresent(t -> w.field("created", GoTime.format(t)));
        w.fieldIfNotEmpty("created_by", h.createdBy())
                .fieldIfNotEmpty("author", h.author())
                .fieldIfNotEmpty("comment", h.comment());
        if (h.emptyLayer()) {
            w.name("empty_layer").value(true);
        }
        w.endObject();
    }
}
