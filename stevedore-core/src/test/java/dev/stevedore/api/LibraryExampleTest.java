package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/library.md's program compiles against the library as it is. */
class LibraryExampleTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentedProgramCompiles() throws Exception {
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
        boolean compiled = javac.getTask(errors, files, null,
                List.of("-d", dir.toString(), "-classpath", System.getProperty("java.class.path")), null,
                files.getJavaFileObjects(source)).call();
        assertThat(compiled).as(errors.toString()).isTrue();
        assertThat(dir.resolve("BuildAndPush.class")).exists();
    }
}
