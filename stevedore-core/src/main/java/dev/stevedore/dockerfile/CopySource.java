package dev.stevedore.dockerfile;

import dev.stevedore.dockerfile.syntax.Heredoc;
import java.util.Objects;

/** One source of a COPY or ADD: a path (or URL, or glob) or an inline here-document. */
public sealed interface CopySource {

    /** A path in the build context or the {@code --from} stage, a URL or a git address (ADD). */
    record Path(String path) implements CopySource {
        public Path {
            Objects.requireNonNull(path, "path");
        }
    }

    /** {@code COPY <<EOF /dst}: a file named {@code heredoc.name()} whose content is the body. */
    record Inline(Heredoc heredoc) implements CopySource {
        public Inline {
            Objects.requireNonNull(heredoc, "heredoc");
        }
    }
}
