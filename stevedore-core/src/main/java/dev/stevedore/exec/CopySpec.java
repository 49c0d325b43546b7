package dev.stevedore.exec;

import dev.stevedore.dockerfile.CopySource;
import dev.stevedore.dockerfile.Instruction;
import java.util.List;
import java.util.Optional;

/**
 * The flags of COPY and ADD that matter to the step, as written (not expanded).
 *
 * @param unpack {@code ADD --unpack}: empty means BuildKit's default (local archives are, URLs are not)
 */
record CopySpec(Instruction in, boolean add, List<CopySource> sources, String destination, Optional<String> from,
                Optional<String> chown, Optional<String> chmod, boolean link, boolean parents, List<String> exclude,
                boolean keepGitDir, Optional<String> checksum, Optional<Boolean> unpack) {

    static CopySpec of(Instruction in) {
        return switch (in) {
            case Instruction.Copy c -> new CopySpec(c, false, c.sources(), c.destination(), c.from(), c.chown(),
                    c.chmod(), c.link(), c.parents(), c.exclude(), false, Optional.empty(), Optional.of(false));
            case Instruction.Add a -> new CopySpec(a, true, a.sources(), a.destination(), Optional.empty(), a.chown(),
                    a.chmod(), a.link(), false, a.exclude(), a.keepGitDir(), a.checksum(), a.unpack());
            default -> throw new IllegalStateException("not a COPY or ADD: " + in.keyword());
        };
    }

    String keyword() {
        return add ? "ADD" : "COPY";
    }
}
