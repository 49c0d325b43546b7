package dev.stevedore.dockerfile.syntax;

import java.util.Objects;

/**
 * A here-document carried by a RUN, COPY or ADD instruction.
 *
 * @param name           the delimiter word, quotes removed ({@code EOF} for {@code <<"EOF"})
 * @param content        the raw body, each line's newline kept; for {@code <<-} the leading
 *                       tabs are NOT yet stripped ({@link #chomp()} records that they are due)
 * @param expand         false when any part of the delimiter was quoted: no variable expansion
 * @param chomp          true for {@code <<-}: leading tabs are stripped from each body line
 * @param fileDescriptor the {@code N} of an {@code N<<EOF} marker, 0 when absent
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp, int fileDescriptor) {

    public Heredoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
