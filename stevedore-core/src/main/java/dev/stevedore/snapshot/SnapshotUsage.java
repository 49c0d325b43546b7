package dev.stevedore.snapshot;

import java.time.Instant;

/**
 * What one snapshot uses.
 *
 * @param bytes     the sizes of its regular files, each hard-linked inode counted once
 * @param flattened whether it is a flattened stack (a cache for long stacks) rather than a layer
 */
public record SnapshotUsage(Snapshot snapshot, long bytes, Instant created, Instant lastUsed, boolean flattened) {}
