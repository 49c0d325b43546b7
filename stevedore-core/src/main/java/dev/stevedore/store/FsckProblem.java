package dev.stevedore.store;

import dev.stevedore.oci.Digest;
import java.nio.file.Path;

/** One thing {@link Store#fsck} found wrong; {@link #message()} is a sentence for the user. */
public sealed interface FsckProblem {

    String message();

    /** A blob whose content does not hash to its name (flipped bytes, truncation). */
    record CorruptBlob(Digest digest, Digest actual, long size) implements FsckProblem {
        @Override
        public String message() {
            return "blob " + digest + " is corrupt: its " + size + " bytes hash to " + actual;
        }
    }

    /** A blob that a manifest, an index, a tag or a cache record points to, which is not there. */
    record MissingBlob(Digest digest, String referencedBy) implements FsckProblem {
        @Override
        public String message() {
            return "blob " + digest + " referenced by " + referencedBy + " is missing";
        }
    }

    /** A blob whose size differs from the size its descriptor states. */
    record SizeMismatch(Digest digest, long expected, long actual, String referencedBy) implements FsckProblem {
        @Override
        public String message() {
            return "blob " + digest + " has " + actual + " bytes but " + referencedBy + " says " + expected;
        }
    }

    /** A manifest or index blob that cannot be read as one. */
    record InvalidManifest(Digest digest, String reason) implements FsckProblem {
        @Override
        public String message() {
            return "manifest " + digest + " is invalid: " + reason;
        }
    }

    /** A tag whose image is incomplete or corrupt (the blob-level problems are listed too). */
    record BrokenTag(String name, String reason) implements FsckProblem {
        @Override
        public String message() {
            return "tag " + name + " is broken: " + reason;
        }
    }

    /** {@code index.json} itself cannot be read; no tag could be checked. Not repaired. */
    record InvalidIndex(String reason) implements FsckProblem {
        @Override
        public String message() {
            return "the image index cannot be read: " + reason;
        }
    }

    /** A cache record that needs a blob the store lacks. */
    record BrokenCacheRecord(Digest key, Digest missing) implements FsckProblem {
        @Override
        public String message() {
            return "cache record " + key + " references missing blob " + missing;
        }
    }

    /**
     * A record of a layer's compressed form ({@link CompressedForms}) that is torn or names a blob
     * that is gone or corrupt: harmless (the layer is compressed again when needed), removed by repair.
     */
    record StaleCompressedForm(Digest uncompressed, String compression) implements FsckProblem {
        @Override
        public String message() {
            return "the " + compression + " form recorded for layer " + uncompressed + " is gone or corrupt"
                    + " (removable: it is made again when needed)";
        }
    }

    /** A file in {@code tmp/} that no live process is writing, or a stray file under {@code blobs/}. */
    record LeftoverFile(Path path) implements FsckProblem {
        @Override
        public String message() {
            return "leftover file " + path + " (removable: nothing reads it)";
        }
    }

    /**
     * A directory of the store that other users could enter, or a file of it they could read
     * (snapshots hold setuid binaries, blobs hold private keys); see {@link StorePrivacy}.
     *
     * @param mode           the permissions it had, e.g. {@code rwxr-xr-x}
     * @param alreadyPrivate whether opening the store already took the others' permissions away
     */
    record OpenToOthers(Path path, String mode, boolean alreadyPrivate) implements FsckProblem {
        @Override
        public String message() {
            return path + " was open to other users (" + mode + ")"
                    + (alreadyPrivate ? "; opening the store made it private" : "");
        }
    }
}
