package dev.stevedore.oci.json;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.Platform;
import java.util.Optional;

/** Descriptors and platforms in JSON, in the OCI spec's field order. */
final class DescriptorJson {

    private DescriptorJson() {}

    static Descriptor read(JsonField f) {
        f.required().requireObject();
        String mediaType = f.field("mediaType").required().string();
        Digest digest = digest(f.field("digest").required());
        long size = f.field("size").nonNegativeLong();
        JsonField platform = f.field("platform");
        return new Descriptor(mediaType, digest, size, f.field("annotations").stringMap(),
                platform.isAbsent() ? Optional.empty() : Optional.of(readPlatform(platform)),
                f.field("urls").stringList(), f.field("artifactType").optionalString());
    }

    static Optional<Descriptor> readOptional(JsonField f) {
        return f.isAbsent() ? Optional.empty() : Optional.of(read(f));
    }

    static Digest digest(JsonField f) {
        String text = f.string();
        try {
            return Digest.parse(text);
        } catch (InvalidInputException e) {
            throw f.error(e.getMessage(), e);
        }
    }

    static Platform readPlatform(JsonField f) {
        f.requireObject();
        String os = f.field("os").required().string();
        String arch = f.field("architecture").required().string();
        return new Platform(os, arch, nonEmpty(f.field("variant").string()),
                nonEmpty(f.field("os.version").string()), f.field("os.features").stringList());
    }

    /** mediaType, digest, size, urls, annotations, platform, artifactType: ocispec's order. */
    static void write(GoJsonWriter w, Descriptor d) {
        w.startObject()
                .field("mediaType", d.mediaType())
                .field("digest", d.digest().toString())
                .field("size", d.size())
                .stringArrayIfNotEmpty("urls", d.urls())
                .stringMapIfNotEmpty("annotations", d.annotations());
        d.platform().ifPresent(p -> writePlatform(w.name("platform"), p));
        d.artifactType().ifPresent(a -> w.field("artifactType", a));
        w.endObject();
    }

    static void writePlatform(GoJsonWriter w, Platform p) {
        w.startObject()
                .field("architecture", p.architecture())
                .field("os", p.os())
                .fieldIfNotEmpty("os.version", p.osVersion().orElse(""))
                .stringArrayIfNotEmpty("os.features", p.osFeatures())
                .fieldIfNotEmpty("variant", p.variant().orElse(""))
                .endObject();
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
