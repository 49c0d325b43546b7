package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.runtime.spec.Spec;
import dev.stevedore.runtime.spec.SpecJson;
import dev.stevedore.runtime.spec.SpecOpts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ProcessSpec PROCESS = new ProcessSpec(
            List.of("/bin/sh", "-c", "make install"), List.of("GREETING=hi there"), "/src", "app", "builder",
            NetworkMode.NONE,
            List.of(new RunMount.Bind(Path.of("/var/cache/stevedore/m2"), "/root/.m2", false),
                    new RunMount.Bind(Path.of("/ctx"), "/ctx", true),
                    new RunMount.Tmpfs("/tmp", 1 << 20),
                    new RunMount.Tmpfs("/scratch", 0)),
            null, Sandbox.DEFAULT);

    private static final ResolvedUser APP = new ResolvedUser(1000, 1000, List.of(2000), "/home/app");

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = RuntimeSpecTest.class.getResourceAsStream("/runtime/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void generatedConfigMatchesTheGoldenFile() throws IOException {
        Spec spec = RuntimeSpec.build(PROCESS, Path.of("/store/snapshots/12/merged"), APP, Path.of("/store/tmp/run-1-ab"));
        byte[] json = SpecJson.write(spec);
        if (System.getenv("UPDATE_GOLDEN") != null) {
            Files.write(Path.of("src/test/resources/runtime/config.golden.json"), json);
        }
        // the golden file was made on x86-64; a kernel of another architecture names its own (SeccompProfileTest)
        JsonNode expected = golden("config.golden.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/linux/seccomp")).set("architectures",
                JSON.valueToTree(dev.stevedore.runtime.spec.SeccompProfile.DEFAULT.architectures()));
        assertThat(JSON.readTree(json)).isEqualTo(expected);
    }

    @Test
    void hostNetworkHasNoNetworkNamespaceAndEnvKeepsWhatIsGiven() {
        ProcessSpec p = ProcessSpec.of("id").withEnv(List.of("PATH=/opt/bin", "HOME=/x", "HOSTNAME=h"));
        Spec spec = RuntimeSpec.build(p, Path.of("/r"), new ResolvedUser(0, 0, List.of(), "/root"), Path.of("/b"));
        assertThat(spec.linux().namespaces()).extracting(Spec.Namespace::type)
                .containsExactly("pid", "ipc", "uts", "mount");
        assertThat(spec.process().env()).containsExactly("PATH=/opt/bin", "HOME=/x", "HOSTNAME=h");
        assertThat(spec.process().user()).isEqualTo(new Spec.User(0, 0, List.of()));
    }

    @Test
    void runsGetDockersSeccompProfileUnlessInsecure() {
        ResolvedUser root = new ResolvedUser(0, 0, List.of(), "/root");
        Spec confined = RuntimeSpec.build(ProcessSpec.of("id"), Path.of("/r"), root, Path.of("/b"));
        Spec.Seccomp seccomp = confined.linux().seccomp();
        assertThat(seccomp.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(seccomp.defaultErrnoRet()).isEqualTo(1);
        List<String> allowed = seccomp.syscalls().stream().filter(r -> r.action().equals("SCMP_ACT_ALLOW"))
                .flatMap(r -> r.names().stream()).toList();
        assertThat(allowed).contains("read", "clone", "socket", "chroot", "personality")
                .doesNotContain("keyctl", "add_key", "request_key", "unshare", "mount", "setns", "bpf", "clone3");
        assertThat(confined.linux().maskedPaths()).contains("/proc/kcore", "/proc/keys");

        Sandbox insecure = Sandbox.DEFAULT.withAllowed(java.util.Set.of(Entitlement.SECURITY_INSECURE))
                .withSecurity(Security.INSECURE);
        Spec free = RuntimeSpec.build(ProcessSpec.of("id").withSandbox(insecure), Path.of("/r"), root, Path.of("/b"));
        assertThat(free.linux().seccomp()).isNull();
        assertThat(free.process().capabilities().bounding()).contains("CAP_SYS_ADMIN", "CAP_NET_ADMIN")
                .hasSize(Long.bitCount(BoundingSet.MASK & ((1L << SpecOpts.ALL_CAPABILITIES.size()) - 1)));
        assertThat(free.linux().maskedPaths()).isEmpty();
    }

    @Test
    void defaultsAreDockers() {
        assertThat(SpecOpts.DEFAULT_CAPABILITIES).hasSize(14);
        long mask = 0;
        for (String cap : SpecOpts.DEFAULT_CAPABILITIES) {
            mask |= 1L << CapabilityNumbers.of(cap);
        }
        assertThat(Long.toHexString(mask)).isEqualTo("a80425fb");
        assertThat(Environment.complete(List.of("A=1"), "h", "/root"))
                .containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=h", "A=1", "HOME=/root");
    }

    @Test
    void etcFilesNameTheHostAndChooseResolvers() {
        EtcFiles host = EtcFiles.of("box", NetworkMode.HOST, Optional.of("nameserver 10.0.0.1\n"));
        assertThat(host.hosts()).startsWith("127.0.0.1\tlocalhost box\n");
        assertThat(host.resolvConf()).isEqualTo("nameserver 10.0.0.1\n");
        assertThat(host.hostname()).isEqualTo("box\n");
        assertThat(EtcFiles.of("box", NetworkMode.HOST, Optional.empty()).resolvConf())
                .isEqualTo(EtcFiles.FALLBACK_RESOLV_CONF);
        assertThat(EtcFiles.of("box", NetworkMode.NONE, Optional.of("nameserver 10.0.0.1\n")).resolvConf())
                .doesNotContain("nameserver");
    }

    @Test
    void sandboxSetsRlimitsShmSizeAndExtraHosts() throws IOException {
        Sandbox sandbox = new Sandbox(List.of(ExtraHost.parse("db:10.0.0.2"), ExtraHost.parse("v6=[::1]")),
                16L << 20, List.of(Ulimit.parse("nofile=100:200"), Ulimit.parse("core=-1"), Ulimit.parse("nproc=5"),
                Ulimit.parse("nproc=7:8")));
        ProcessSpec p = ProcessSpec.of("id").withSandbox(sandbox);
        Spec spec = RuntimeSpec.build(p, Path.of("/r"), new ResolvedUser(0, 0, List.of(), "/root"), Path.of("/b"));
        assertThat(spec.process().rlimits()).containsExactly(new Spec.Rlimit("RLIMIT_NOFILE", 200, 100),
                new Spec.Rlimit("RLIMIT_CORE", -1, -1), new Spec.Rlimit("RLIMIT_NPROC", 8, 7));
        assertThat(spec.mounts()).filteredOn(m -> m.destination().equals("/dev/shm")).singleElement()
                .satisfies(m -> assertThat(m.options()).contains("size=16777216").doesNotContain("size=65536k"));
        JsonNode json = JSON.readTree(SpecJson.write(spec));
        assertThat(json.at("/process/rlimits/1/hard").asText()).isEqualTo("18446744073709551615");
        assertThat(EtcFiles.of("box", NetworkMode.HOST, Optional.empty(), sandbox.extraHosts()).hosts())
                .endsWith("::1\tlocalhost ip6-localhost ip6-loopback\n10.0.0.2\tdb\n::1\tv6\n");
        Spec plain = RuntimeSpec.build(ProcessSpec.of("id"), Path.of("/r"), new ResolvedUser(0, 0, List.of(), "/root"),
                Path.of("/b"));
        assertThat(plain.process().rlimits()).containsExactly(new Spec.Rlimit("RLIMIT_NOFILE", 1024, 1024));
    }

    @Test
    void badSandboxValuesAreInputErrors() {
        assertThatThrownBy(() -> Ulimit.parse("nofile")).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid --ulimit \"nofile\": want NAME=SOFT[:HARD], e.g. nofile=1024:2048");
        assertThatThrownBy(() -> Ulimit.parse("nofile=20:10"))
                .hasMessage("invalid --ulimit nofile: soft limit 20 is above the hard limit 10");
        assertThatThrownBy(() -> Ulimit.parse("nofile=x")).hasMessage("invalid --ulimit \"nofile=x\": \"x\" is not a number");
        assertThatThrownBy(() -> ExtraHost.parse("db")).hasMessage("invalid --add-host \"db\": want HOST:IP");
        assertThatThrownBy(() -> ExtraHost.parse("db:example.com"))
                .hasMessage("invalid --add-host db: \"example.com\" is not an IP address");
        assertThatThrownBy(() -> ExtraHost.parse("a b:1.2.3.4"))
                .hasMessage("invalid --add-host: \"a b\" is not a host name");
    }

    @Test
    void badProcessSpecsAreInputErrors() {
        assertThatThrownBy(() -> ProcessSpec.of()).isInstanceOf(InvalidInputException.class)
                .hasMessage("no command to run: the argument list is empty");
        assertThatThrownBy(() -> ProcessSpec.of("id").withCwd("src"))
                .hasMessage("working directory src is not an absolute path");
        assertThatThrownBy(() -> ProcessSpec.of("id").withEnv(List.of("=x")))
                .hasMessage("environment entry \"=x\" is not KEY=value");
        assertThatThrownBy(() -> ProcessSpec.of("id").withHostname("a b\n"))
                .hasMessage("hostname \"a b\n\" is not a valid host name");
        assertThatThrownBy(() -> new RunMount.Tmpfs("tmp", 0))
                .isInstanceOf(InvalidInputException.class).hasMessage("mount target tmp is not an absolute path");
        assertThatThrownBy(() -> new RunMount.Bind(Path.of("rel"), "/x", true))
                .hasMessage("bind mount source rel is not an absolute path");
        assertThatThrownBy(() -> new RunMount.Tmpfs("/t", -1)).hasMessage("tmpfs size -1 for /t is negative");
    }

    @Test
    void processSpecCopiesAndComparesItsInput() {
        byte[] input = {1, 2};
        ProcessSpec p = ProcessSpec.of("cat").withStdin(input);
        input[0] = 9;
        assertThat(p.stdin()).containsExactly(1, 2);
        assertThat(p).isEqualTo(ProcessSpec.of("cat").withStdin(new byte[] {1, 2}));
        assertThat(p.toString()).contains("stdin=2 bytes");
    }

    /** The kernel's capability numbers of Docker's default set ({@code linux/capability.h}). */
    private static final class CapabilityNumbers {
        static int of(String cap) {
            return switch (cap) {
                case "CAP_CHOWN" -> 0;
                case "CAP_DAC_OVERRIDE" -> 1;
                case "CAP_FOWNER" -> 3;
                case "CAP_FSETID" -> 4;
                case "CAP_KILL" -> 5;
                case "CAP_SETGID" -> 6;
                case "CAP_SETUID" -> 7;
                case "CAP_SETPCAP" -> 8;
                case "CAP_NET_BIND_SERVICE" -> 10;
                case "CAP_NET_RAW" -> 13;
                case "CAP_SYS_CHROOT" -> 18;
                case "CAP_MKNOD" -> 27;
                case "CAP_AUDIT_WRITE" -> 29;
                case "CAP_SETFCAP" -> 31;
                default -> throw new AssertionError(cap);
            };
        }
    }
}
