package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/library.md's program compiles against the library as it is, on the class path and as a module. */
class LibraryExampleTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentedProgramCompiles() throws Exception {
        assertThat(compile(List.of("-classpath", System.getProperty("java.class.path")))).isEmpty();
        assertThat(dir.resolve("BuildAndPush.class")).exists();
    }

    @Test
    void theDocumentedProgramCompilesAgainstTheModule() throws Exception {
        // the core's classes (with module-info.class) and its dependencies, as a module path
        String modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith("stevedore-core" + File.separator + "target" + File.separator + "classes")
                        || entry.matches(".*/(jackson-[a-z]+|commons-[a-z]+|zstd-jni|xz)-[0-9][^/]*\\.jar"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(compile(List.of("--module-path", modulePath, "--add-modules", "dev.stevedore.core"))).isEmpty();
    }

    /** Compiles the program with {@code options}; javac's errors, empty when it compiled. */
    private String compile(List<String> options) throws Exception {
        Path doc = Path.of(System.getProperty("stevedore.repository", ".."), "docs", "library.md");
        Matcher java = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        assertThat(java.find()).as("a java block in " + doc).isTrue();
        String program = java.group(1);
        assertThat(program.lines().count()).isLessThanOrEqualTo(30);
        Path source = dir.resolve("BuildAndPush.java");
        Files.writeString(source, program);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        var files = javac.getStandardFileManager(null, null, null);
        List<String> all = new ArrayList<>(List.of("-d", dir.toString()));
        all.addAll(options);
        boolean compiled = javac.getTask(errors, files, null, all, null, files.getJavaFileObjects(source)).call();
        return compiled ? "" : errors.toString();
    }
}
