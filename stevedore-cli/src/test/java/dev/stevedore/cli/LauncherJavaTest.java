package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/java.sh}, which {@code ./stevedore} sources before every command: it picks a Java
 * 25 or newer from the JDKs' {@code release} files, without starting any JVM (each start cost
 * ~0.3 s of CPU), and asks the JVM only when a JDK has no {@code release} file.
 */
class LauncherJavaTest {

    private static final Path SCRIPT = Path.of("..", "tools", "java.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void picksJava25FromItsReleaseFileWithoutStartingIt() throws Exception {
        Path java17 = jdk("jdk17", "JAVA_VERSION=\"17.0.15\"");
        Path java25 = jdk("jdk25", "JAVA_VERSION=\"25.0.3\"");
        // $JAVA_HOME is a Java 17: the java on the PATH, a 25, is next
        Result r = findJava(java17, java25.resolve("bin"));
        assertThat(r.out()).isEqualTo(java25.toRealPath() + "\n");
        assertThat(r.code()).isZero();
        assertThat(dir.resolve("started")).doesNotExist();
    }

    @Test
    void readsTheVersionFormsOfOlderAndEarlyAccessJdks() throws Exception {
        Path java8 = jdk("jdk8", "JAVA_VERSION=\"1.8.0_392\"");
        Path ea = jdk("jdk26ea", "JAVA_VERSION=\"26-ea\"");
        assertThat(findJava(java8, ea.resolve("bin")).out()).isEqualTo(ea.toRealPath() + "\n");
        assertThat(findJava(ea, java8.resolve("bin")).out()).isEqualTo(ea.toRealPath() + "\n");
        assertThat(dir.resolve("started")).doesNotExist();
    }

    @Test
    void asksTheJvmWhenThereIsNoReleaseFile() throws Exception {
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare.resolve("bin"));
        executable(bare.resolve("bin/java"), """
                #!/bin/sh
                echo '    java.specification.version = 25' >&2
                """);
        Path java17 = jdk("jdk17", "JAVA_VERSION=\"17.0.15\"");
        assertThat(findJava(bare, java17.resolve("bin")).out()).isEqualTo(bare.toRealPath() + "\n");
    }

    @Test
    void theJvmsOwnMessagesNeverReachStandardOutput() throws Exception {
        // a start-up cache the JVM cannot read: it says so, by default on standard output
        Path cache = Files.writeString(dir.resolve("broken.aot"), "not a cache");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". \"$0\" && exec \"$1\" \"${STEVEDORE_JVM_OPTIONS[@]}\" -XX:AOTCache=\"$2\" -cp \"$3\" "
                        + Main.class.getName() + " images -q --root \"$4\"",
                SCRIPT.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                cache.toString(), System.getProperty("java.class.path"), dir.resolve("store").toString());
        Process p = pb.start();
        byte[] err = p.getErrorStream().readAllBytes();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEmpty();
        assertThat(new String(err, StandardCharsets.UTF_8)).contains("[aot]");
        assertThat(p.exitValue()).isZero();
    }

    /** A JDK home with {@code release} and a {@code bin/java} that records being started. */
    private Path jdk(String name, String releaseLine) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\n" + releaseLine + "\nOS_NAME=\"Linux\"\n");
        executable(home.resolve("bin/java"), "#!/bin/sh\ntouch '" + dir.resolve("started") + "'\nexit 1\n");
        return home;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int code, String out) {}

    private static Result findJava(Path javaHome, Path pathDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". \"$0\" && stevedore_find_java && echo \"$JAVA_HOME\"", SCRIPT.toString());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("PATH", pathDir + ":/usr/bin:/bin");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
