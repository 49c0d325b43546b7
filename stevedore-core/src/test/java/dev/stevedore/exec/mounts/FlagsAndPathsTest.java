package dev.stevedore.exec.mounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code --secret} and {@code --ssh} flag syntax (as buildx), and how mount paths resolve. */
class FlagsAndPathsTest {

    private static final Map<String, String> ENV = Map.of("GH_TOKEN", "from-env", "SSH_AUTH_SOCK", "/agent.sock");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--secret {0}")
    @CsvSource(delimiter = '|', textBlock = """
            id=a,src=/s/file          | file | a | /s/file
            id=a,source=/s/file       | file | a | /s/file
            id=a,env=GH_TOKEN         | env  | a | GH_TOKEN
            type=env,id=a,src=GH_TOKEN| env  | a | GH_TOKEN
            type=file,id=a,src=/x     | file | a | /x
            id=GH_TOKEN               | env  | GH_TOKEN | GH_TOKEN
            id=/no/such/var           | file | /no/such/var | /no/such/var
            ID=a,SRC=/s/file          | file | a | /s/file
            "id=a,b",src=/f           | file | a,b | /f
            id=a,env=X,src=/f         | env  | a | X
            """)
    void secretFlags(String flag, String kind, String id, String where) {
        SecretSource source = SecretSource.parse(flag, ENV);
        assertThat(source.id()).isEqualTo(id);
        switch (source) {
            case SecretSource.FromFile f -> {
                assertThat(kind).isEqualTo("file");
                assertThat(f.file()).isEqualTo(Path.of(where));
            }
            case SecretSource.FromEnv e -> {
                assertThat(kind).isEqualTo("env");
                assertThat(e.variable()).isEqualTo(where);
            }
        }
    }

    @ParameterizedTest(name = "--secret {0}")
    @CsvSource(delimiter = '|', textBlock = """
            src=/f               | --secret src=/f: the secret has no id (id=NAME)
            id=a,bogus=1         | --secret id=a,bogus=1: unexpected key "bogus" in "bogus=1"
            id=a,type=ssh        | --secret id=a,type=ssh: unsupported secret type "ssh" (file or env)
            id=a,plain           | --secret id=a,plain: field "plain" must be a key=value pair
            "id=a                | --secret "id=a: unterminated quote
            """)
    void badSecretFlags(String flag, String message) {
        assertThatThrownBy(() -> SecretSource.parse(flag, ENV)).isInstanceOf(InvalidInputException.class)
                .hasMessage(message);
    }

    @Test
    void secretValues() throws IOException {
        Path file = Files.writeString(dir.resolve("s"), "file-value");
        assertThat(new SecretSource.FromFile("a", file).read(ENV)).asString().isEqualTo("file-value");
        assertThat(new String(new SecretSource.FromEnv("a", "GH_TOKEN").read(ENV), StandardCharsets.UTF_8))
                .isEqualTo("from-env");
        assertThat(new SecretSource.FromEnv("a", "UNSET").read(ENV)).isEmpty();
        assertThatThrownBy(() -> new SecretSource.FromFile("a", dir.resolve("missing")).read(ENV))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("secret a: file " + dir.resolve("missing") + " does not exist");
        Path big = Files.write(dir.resolve("big"), new byte[(int) SecretSource.MAX_SIZE + 1]);
        assertThatThrownBy(() -> new SecretSource.FromFile("big", big).read(ENV))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("secret big is too big: " + big + " has more than 512000 bytes");
    }

    @ParameterizedTest(name = "--ssh {0}")
    @CsvSource(delimiter = '|', textBlock = """
            default          | default | /agent.sock
            github           | github  | /agent.sock
            github=/run/a.s  | github  | /run/a.s
            """)
    void sshFlags(String flag, String id, String socket) {
        assertThat(SshSource.parse(flag, ENV)).isEqualTo(new SshSource(id, Path.of(socket)));
    }

    @Test
    void badSshFlags() {
        assertThatThrownBy(() -> SshSource.parse("default", Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessage("--ssh default: SSH_AUTH_SOCK is not set; give the socket as default=PATH");
        assertThatThrownBy(() -> SshSource.parse("=x", ENV)).isInstanceOf(InvalidInputException.class)
                .hasMessage("--ssh =x: the id is empty (--ssh default or --ssh ID=SOCKET)");
        assertThatThrownBy(() -> SshSource.parse("a=/k1,/k2", ENV)).isInstanceOf(InvalidInputException.class)
                .hasMessage("--ssh a=/k1,/k2: give exactly one agent socket path after '='");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /cache       | /      | /cache
            cache        | /app   | /app/cache
            ./c/../d/    | /app   | /app/d
            ../../../x   | /app   | /x
            /a//b/.      | /      | /a/b
            """)
    void targets(String target, String workdir, String expected) {
        assertThat(InsidePath.target(target, workdir)).isEqualTo(expected);
    }

    @Test
    void theRootIsNoTarget() {
        assertThatThrownBy(() -> InsidePath.target("/app/..", "/")).isInstanceOf(InvalidInputException.class)
                .hasMessage("mount target /app/.. is the root directory, which cannot be mounted over");
        assertThatThrownBy(() -> InsidePath.target("", "/")).isInstanceOf(InvalidInputException.class)
                .hasMessage("mount target is empty");
    }

    @Test
    void sourcesNeverLeaveTheirRoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("ctx"));
        Files.createDirectories(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("sub/up"), Path.of("../../../.."));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        assertThat(InsidePath.resolve(root, "../../etc/passwd", "ctx")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(InsidePath.resolve(root, "abs/passwd", "ctx")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(InsidePath.resolve(root, "sub/up/sub", "ctx")).isEqualTo(root.resolve("sub"));
        assertThat(InsidePath.resolve(root, "/", "ctx")).isEqualTo(root);
        assertThatThrownBy(() -> InsidePath.resolve(root, "loop/x", "the build context"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot resolve \"loop/x\" in the build context: too many levels of symbolic links");
    }

    @Test
    void cacheKeys() {
        var plain = new dev.stevedore.dockerfile.Mount.Cache("/root/.cache", java.util.Optional.empty(),
                dev.stevedore.dockerfile.Mount.Sharing.SHARED, java.util.Optional.empty(), java.util.Optional.empty(),
                false, 0755, 0, 0);
        assertThat(CacheMounts.key(plain, "/root/.cache")).isEqualTo("/root/.cache");
        var named = new dev.stevedore.dockerfile.Mount.Cache("/x", java.util.Optional.of("go"),
                dev.stevedore.dockerfile.Mount.Sharing.SHARED, java.util.Optional.of("builder"),
                java.util.Optional.of("/src"), false, 0755, 0, 0);
        assertThat(CacheMounts.key(named, "/x")).isEqualTo("go\nfrom=builder\nsource=/src");
        assertThat(CacheMounts.hash("go")).hasSize(64).isNotEqualTo(CacheMounts.hash("go\nfrom=builder\nsource=/src"));
    }
}
