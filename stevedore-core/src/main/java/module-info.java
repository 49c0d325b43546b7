/**
 * Stevedore's library: builds OCI images from Dockerfiles without a daemon. Its door is the
 * {@code dev.stevedore.api} packages ({@link dev.stevedore.api.ImageBuilder} first);
 * docs/library.md shows a program.
 *
 * <p>Exported: the api, and exactly the packages whose types its signatures hand out, directly or
 * through one another ({@code ApiSurfaceTest} checks both ways: nothing exported names a type
 * behind the door, and nothing is exported that the api does not reach). Everything else is
 * internal: the Dockerfile parser, the build context, the runtime spec, the archive readers, the
 * file tree helpers, the Linux calls, the COPY sources, attestations. The CLI and the Maven plugin
 * use the core on the class path, where exports do not apply.
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
    // the value types it hands out: events, errors, the OCI model
    exports dev.stevedore.event;
    exports dev.stevedore.diag;
    exports dev.stevedore.oci;
    // engine packages that api signatures still hand out; each goes when the api stops naming its
    // types (ApiSurfaceTest then fails until the line is removed). What names them, today:
    exports dev.stevedore.oci.json;       // output.StoredImage's Parsed documents
    exports dev.stevedore.registry;       // Distribution, RegistryLogin, MachineRegistries, Images.pull/push: RegistryOptions, CredentialSource, Credentials, PushResult, PullResult
    exports dev.stevedore.output;         // Distribution, OutputSpec: OutputTarget; Images, LocalImage: StoredImage, StoredIndex
    exports dev.stevedore.report;         // Images.report: ImageReport, BuildReport
    exports dev.stevedore.sbom;           // Images.packages: SoftwarePackage
    exports dev.stevedore.exec;           // BuildResult: StageResult
    exports dev.stevedore.runtime;        // BuildRequest, RunRequest, SystemInfo: NetworkMode, Sandbox, Isolation; ImageRunner: OutputListener
    exports dev.stevedore.store;          // Images, SystemInfo, StaleCleanup: Store; Images: FsckReport, DiskUsage; PruneReport: PruneResult
    exports dev.stevedore.snapshot;       // PruneReport: SnapshotPruneResult
}
