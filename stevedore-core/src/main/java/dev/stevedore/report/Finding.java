package dev.stevedore.report;

import java.util.List;
import java.util.Objects;

/** Something in the final image that should probably not be there. */
public sealed interface Finding {

    /**
     * A layer wrote files again with the content they already had (the {@code RUN chown -R}
     * case): the image carries them twice.
     *
     * @param layer     the layer that rewrote them, 1 = bottom
     * @param createdBy the instruction that made it
     * @param files     how many files it rewrote unchanged
     * @param wasted    their bytes, shipped twice
     * @param examples  a few of their paths, sorted
     */
    record Duplicated(int layer, String createdBy, int files, long wasted, List<String> examples) implements Finding {
        public Duplicated {
            Objects.requireNonNull(createdBy, "createdBy");
            examples = List.copyOf(examples);
        }
    }

    /**
     * A build tool, or a cache a build tool fills, in the final image.
     *
     * @param tool  what it is ({@code gcc}, {@code Maven repository})
     * @param path  the binary, or the cache directory
     * @param files the files of it the image holds
     * @param bytes their size
     */
    record BuildTool(String tool, ToolKind kind, String path, int files, long bytes) implements Finding {
        public BuildTool {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A file that looks like a secret, in any layer (a later layer deleting it does not take it
     * out of the image).
     *
     * @param what  what it looks like ({@code SSH private key})
     * @param layer the layer holding it, 1 = bottom
     */
    record SecretFile(String what, String path, int layer) implements Finding {
        public SecretFile {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(path, "path");
        }
    }

    /** An {@code ENV} of the image whose name looks like a secret and whose value is not empty; the value is never reported. */
    record SecretEnv(String name) implements Finding {
        public SecretEnv {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The kinds of build tool findings. */
    enum ToolKind {
        COMPILER("compiler"), BUILD_TOOL("build tool"), PACKAGE_MANAGER("package manager"), CACHE("cache");

        private final String words;

        ToolKind(String words) {
            this.words = words;
        }

        /** How reports say it. */
        public String words() {
            return words;
        }
    }
}
