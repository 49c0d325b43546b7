/**
 * Stevedore's library: builds OCI images from Dockerfiles without a daemon. Its door is the
 * {@code dev.stevedore.api} packages ({@link dev.stevedore.api.ImageBuilder} first);
 * docs/library.md shows a program.
 *
 * <p>Exported: the api, and exactly the packages whose types its signatures hand out, directly or
 * through one another ({@code ApiSurfaceTest} checks both ways: nothing exported names a type
 * behind the door, and nothing is exported that the api does not reach). Everything else is
 * internal: the Dockerfile parser, the build context, the runtime spec, the archive readers, the
 * file tree helpers, the Linux calls, the COPY sources, attestations, the plan and linter, the
 * shared cache, RUN mounts, SBOM scanning. The api hands out records, interfaces and enums of its
 * own where it used to hand out the engine's ({@code PushedImage}, {@code CheckFinding},
 * {@code BuiltStage}, {@code RegistryCredentials}, {@code Secret}, {@code SshAgent},
 * {@code SharedCache}, {@code NetworkMode}, {@code Isolation}, {@code images.ImagePackage}),
 * converted in one place each, the unexported {@code dev.stevedore.api.edge.EngineValues}.
 *
 * <p>The CLI and the Maven plugin use the core on the class path, where exports do not bind; tests
 * do: the plugin names only exported packages ({@code PluginUsesTheDoorTest}), the CLI only the
 * api, the exported packages and the engine types its {@code CliLayeringTest} names one by one
 * (the parser for {@code parse}/{@code debug}, the terminal's calls, ...). No qualified export
 * ({@code exports ... to dev.stevedore.cli}): the CLI is not a named module, and an export to a
 * module that is not there binds nothing (docs/library.md).
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
    exports dev.stevedore.registry;       // Distribution.registryOptions, RegistryLogin, MachineRegistries, Images.pull/push: RegistryOptions, Credentials, PullResult
    exports dev.stevedore.output;         // Distribution, OutputSpec: OutputTarget; Images, LocalImage: StoredImage, StoredIndex
    exports dev.stevedore.report;         // Images.report: ImageReport, BuildReport
    exports dev.stevedore.exec;           // Images.report: BuildReport's StageReport: StageResult
    exports dev.stevedore.runtime;        // BuildRequest, RunRequest: Sandbox; RunRequest: Stdio; ImageRunner: OutputListener
    exports dev.stevedore.store;          // Images, SystemInfo, StaleCleanup: Store; Images: FsckReport, DiskUsage; PruneReport: PruneResult
    exports dev.stevedore.snapshot;       // PruneReport: SnapshotPruneResult
}
