package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.cli.warm.ServerChoice;
import dev.stevedore.cli.warm.ServerPlace;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.diag.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stevedore's config.toml as the CLI reads it: each setting, overridden by its flag and its
 * environment variable, {@code info} saying where each came from, warnings and errors with file:line.
 */
class ConfigFileTest {

    @TempDir
    Path dir;

    private Path system() {
        return dir.resolve("etc/stevedore/config.toml");
    }

    private Path user() {
        return dir.resolve("home/.config/stevedore/config.toml");
    }

    private Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(StevedoreConfig.SYSTEM_ROOT_VARIABLE, dir.toString(),
                "HOME", dir.resolve("home").toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private CliRun run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new Invocation(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                dir, env, new Invocation.Ttys.Forwarded(false, false)));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theProgressModeIsTheFlagsThenBuildkitProgressThenTheConfigFiles() throws IOException {
        write(system(), "[build]\nprogress = \"rawjson\"\n");
        StevedoreConfig config = StevedoreConfig.locate(env());

        assertThat(ProgressMode.byDefault(Map.of(), config)).isEqualTo(ProgressMode.RAWJSON);
        assertThat(ProgressMode.byDefault(Map.of("BUILDKIT_PROGRESS", "plain"), config)).isEqualTo(ProgressMode.PLAIN);

        write(user(), "[build]\nprogress = \"fancy\"\n");
        StevedoreConfig wrong = StevedoreConfig.locate(env());
        assertThatThrownBy(() -> ProgressMode.byDefault(Map.of(), wrong)).isInstanceOf(InvalidInputException.class)
                .hasMessage(user() + ":2: invalid build.progress \"fancy\": want one of auto, tty, plain, quiet, rawjson");
    }

    @Test
    void theWarmServerIsTheVariablesThenTheConfigFilesThenTheStoresSwitch() throws IOException {
        ServerPlace place = ServerPlace.of(dir.resolve("store"));
        StevedoreConfig none = StevedoreConfig.none();
        assertThat(ServerChoice.of(null, none, place)).isEqualTo(new ServerChoice(false, "default"));
        write(place.enabled(), "");
        assertThat(ServerChoice.of(null, none, place)).isEqualTo(new ServerChoice(true, "server --enable"));

        write(system(), "[server]\nenabled = false\n");
        StevedoreConfig off = StevedoreConfig.locate(env());
        assertThat(ServerChoice.of(null, off, place)).isEqualTo(new ServerChoice(false, system() + ":2"));
        assertThat(ServerChoice.of("1", off, place)).isEqualTo(new ServerChoice(true, "STEVEDORE_SERVER=1"));
        write(system(), "[server]\nenabled = true\n");
        assertThat(ServerChoice.of("0", StevedoreConfig.locate(env()), place))
                .isEqualTo(new ServerChoice(false, "STEVEDORE_SERVER=0"));
    }

    @Test
    void theIdleTimeoutIsTheFlagsThenTheConfigFilesThenThreeHours() throws IOException {
        assertThat(ServerCommand.idle(null, StevedoreConfig.none())).isEqualTo(Duration.ofHours(3));
        write(system(), "[server]\nidle-timeout = 600\n");
        StevedoreConfig config = StevedoreConfig.locate(env());
        assertThat(ServerCommand.idle(null, config)).isEqualTo(Duration.ofSeconds(600));
        assertThat(ServerCommand.idle(30L, config)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void infoSaysWhatWasReadFromWhere() throws IOException {
        Path store = dir.resolve("configured-store");
        write(system(), """
                [store]
                root = "%s"
                [registries]
                mirrors = ["https://mirror.example.com"]
                [server]
                enabled = true
                """.formatted(store));
        write(user(), "[build]\nprogress = \"plain\"\n[server]\nidle-timeout = 60\n");

        CliRun info = run(env(), "info");
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.err()).isEmpty();
        assertThat(info.out()).contains(
                "Store root: " + store + "\n",
                "Config files: " + system() + ", " + user() + "\n",
                "Store root from: " + system() + ":2\n",
                "Default progress: plain (from " + user() + ":2)\n",
                "Warm server: on (from " + system() + ":6); idle timeout 60s (from " + user() + ":4)\n",
                "Registry settings from: " + system() + "\n",
                "Registry mirrors: https://mirror.example.com\n");

        CliRun overridden = run(env("STEVEDORE_ROOT", dir.resolve("env-store").toString(), "BUILDKIT_PROGRESS",
                "rawjson", "STEVEDORE_SERVER", "0"), "--root", dir.resolve("flag-store").toString(), "info");
        assertThat(overridden.out()).contains("Store root: " + dir.resolve("flag-store") + "\n",
                "Store root from: --root\n", "Default progress: rawjson (from BUILDKIT_PROGRESS)\n",
                "Warm server: off (from STEVEDORE_SERVER=0)");
        CliRun variable = run(env("STEVEDORE_ROOT", dir.resolve("env-store").toString()), "info");
        assertThat(variable.out()).contains("Store root: " + dir.resolve("env-store") + "\n",
                "Store root from: STEVEDORE_ROOT\n");
    }

    @Test
    void noConfigFileSaysWhereItLooked() {
        CliRun info = run(env(), "--root", dir.resolve("store").toString(), "info");
        assertThat(info.out()).contains("Config files: none (looked for " + system() + ", " + user() + ")\n",
                "Default progress: auto (default)\n");
    }

    @Test
    void anUnknownKeyIsAWarningAndAMalformedFileOneError() throws IOException {
        write(user(), "[build]\nprogres = \"plain\"\n");
        CliRun warned = run(env(), "--root", dir.resolve("store").toString(), "images");
        assertThat(warned.code()).as(warned.err()).isZero();
        assertThat(warned.err()).isEqualTo("WARNING: " + user() + ":2: unknown key \"progres\" in [build] (known:"
                + " progress); ignored\n");

        write(system(), "[store]\nroot = /srv/x\n");
        CliRun broken = run(env(), "images");
        assertThat(broken.code()).isNotZero();
        assertThat(broken.err()).isEqualTo("ERROR: " + system() + ":2: unsupported value \"/srv/x\" (this reader takes"
                + " strings, booleans, integers and arrays)\n");
    }
}
