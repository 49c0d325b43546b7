/**
 * Stevedore's library: builds OCI images from Dockerfiles without a daemon. Its door is the
 * {@code dev.stevedore.api} packages ({@link dev.stevedore.api.ImageBuilder} first);
 * docs/library.md shows a program.
 *
 * <p>Exported: the api, and every package whose types its signatures hand out or take today
 * ({@code javac -Xlint:exports} finds none missing). Internal: the archive readers, the file
 * tree helpers, the Linux calls and the COPY sources. Shrinking this list means the api handing
 * out fewer internal types (a store, a snapshotter), not hiding what it hands out.
 */
module dev.stevedore.core {
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.compress;
    requires com.github.luben.zstd_jni;
    requires org.tukaani.xz;
    requires java.net.http;
    requires jdk.jfr; // exec.StepPhase: where a step's time goes, for bench/phases

    // the door
    exports dev.stevedore.api;
    exports dev.stevedore.api.images;
    exports dev.stevedore.api.run;
    // what it hands out: events, errors, the OCI model, results and reports
    exports dev.stevedore.event;
    exports dev.stevedore.diag;
    exports dev.stevedore.oci;
    exports dev.stevedore.oci.json;
    exports dev.stevedore.registry;
    exports dev.stevedore.output;
    exports dev.stevedore.report;
    exports dev.stevedore.plan;
    exports dev.stevedore.dockerfile;
    exports dev.stevedore.dockerfile.shell;
    exports dev.stevedore.dockerfile.syntax;
    // what some of its signatures take or return today (a store, a runtime, mounts)
    exports dev.stevedore.exec;
    exports dev.stevedore.exec.mounts;
    exports dev.stevedore.runtime;
    exports dev.stevedore.runtime.spec;
    exports dev.stevedore.snapshot;
    exports dev.stevedore.store;
    exports dev.stevedore.context;
    exports dev.stevedore.layer;
}
