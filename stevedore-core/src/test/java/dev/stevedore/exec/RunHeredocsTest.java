package dev.stevedore.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a RUN with here-documents runs, as BuildKit's frontend makes it. */
class RunHeredocsTest {

    private static final ImageConfig IMAGE = ImageConfig.scratch(Platform.parse("linux/amd64"));

    private static RunHeredocs of(String dockerfile) {
        var stage = DockerfileParser.parse("Dockerfile", ("FROM scratch\n" + dockerfile).getBytes(StandardCharsets.UTF_8))
                .stages().getFirst();
        return RunHeredocs.of(IMAGE, (Instruction.Run) stage.instructions().getFirst());
    }

    @Test
    void aLoneDocumentIsTheShellScript() {
        RunHeredocs run = of("RUN <<EOF\necho one\necho two\nEOF\n");
        assertThat(run.args()).containsExactly("/bin/sh", "-c", "echo one\necho two\n");
        assertThat(run.script()).isEmpty();
    }

    @Test
    void dashStripsLeadingTabsOfALoneDocument() {
        assertThat(of("RUN <<-EOF\n\techo one\n\t\techo two\nEOF\n").args())
                .containsExactly("/bin/sh", "-c", "echo one\necho two\n");
    }

    @Test
    void aShebangDocumentIsAScriptFileRunByItself() {
        RunHeredocs run = of("RUN <<'EOF'\n#!/bin/busybox sh\necho $HOME\nEOF\n");
        assertThat(run.args()).containsExactly("/dev/pipes/EOF");
        assertThat(run.script()).contains(new RunHeredocs.Script("EOF", "#!/bin/busybox sh\necho $HOME\n"));
    }

    @Test
    void otherCommandLinesHandTheDocumentsToTheShell() {
        RunHeredocs run = of("RUN cat <<'A' > /a && cat <<B > /b\n$x\nA\n$HOME\nB\n");
        assertThat(run.args()).containsExactly("/bin/sh", "-c", "cat <<'A' > /a && cat <<B > /b\n$x\nA\n$HOME\nB");
    }

    @Test
    void withoutDocumentsTheCommandIsUnchanged() {
        assertThat(of("RUN echo hi\n").args()).isEqualTo(List.of("/bin/sh", "-c", "echo hi"));
        assertThat(of("RUN [\"echo\", \"hi\"]\n").args()).isEqualTo(List.of("echo", "hi"));
    }
}
