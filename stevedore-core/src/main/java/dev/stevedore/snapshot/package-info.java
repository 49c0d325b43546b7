/**
 * Extracted layers on disk, on containerd's snapshotter model: every layer is extracted once
 * into its own directory, an overlay lower dir, and a step's root file system is an overlay
 * mount of those directories.
 *
 * <h2>Lifecycle</h2>
 * <pre>
 * Snapshotter s = Snapshotter.open(store);
 * s.cleanupStale();                                  // once at start: mounts and temp dirs of dead processes
 * Snapshot base = s.ensure(layerDescriptor, diffId); // extract (once, ever) or find
 * try (Active step = s.prepare(List.of(top, ..., base))) {   // lowers, top first
 *     run(step.merged());                            // RUN / COPY write through the mount
 *     Layer layer = step.diff(out, options);         // unmounts, writes the tar from the upper dir
 *     Snapshot next = step.commit(layer.diffId());   // the upper dir, as it is, becomes a snapshot
 * }                                                  // close() without commit = abort()
 * try (View v = s.view(List.of(next, ..., base))) { read(v.root()); }  // read-only mount
 * s.remove(diffId); s.prune(keep);                   // never what an active mount uses
 * </pre>
 *
 * <h2>On disk, {@code ROOT/snapshots/}</h2>
 * <pre>
 * index.json        diffID (or chain ID of a flattened stack) → short id, size, created, last use
 * lock              serializes index updates (threads and processes)
 * locks/ALG-HEX     one per key: concurrent extractions of one layer wait for a single one
 * N/fs              snapshot N (a decimal counter: short, so many lower dirs fit in one mount)
 * active/PID-R/     one prepared or viewed mount: owner, lowers, upper/, work/, merged/
 * tmp/KIND-PID-R/   extractions and flattenings in progress; land in N/ by rename
 * empty/            an empty lower dir (overlay needs one when a stack has fewer than two)
 * </pre>
 * Snapshot directories hold overlay whiteouts (0/0 character devices and
 * {@code trusted.overlay.opaque=y}, or {@code user.overlay.opaque=y} in a user namespace or without
 * CAP_SYS_ADMIN), so they are meant to be mounted, not read directly.
 *
 * <p>Entry point: {@link dev.stevedore.snapshot.Snapshotter}.
 */
package dev.stevedore.snapshot;
