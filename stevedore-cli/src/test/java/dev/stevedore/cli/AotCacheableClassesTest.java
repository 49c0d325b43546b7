package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The JVM's ahead-of-time cache ({@code ./stevedore} trains one per jar) leaves out classes older
 * than Java 6's class files, and every command then loads, verifies (with the old verifier) and
 * links them on each start. picocli's own jar is Java 5 bytecode, so the CLI carries picocli
 * compiled from its sources at our release (stevedore-cli's pom); this is the picocli commands load.
 */
class AotCacheableClassesTest {

    /** Java 6's class-file version, the oldest the AOT cache holds. */
    private static final int OLDEST_CACHEABLE = 50;

    @Test
    void picocliAsCommandsLoadItIsBytecodeTheAotCacheHolds() throws IOException {
        for (Class<?> type : List.of(CommandLine.class, CommandLine.Model.CommandSpec.class,
                CommandLine.Help.class, picocli.AutoComplete.class)) {
            assertThat(majorVersion(type)).as(type.getName() + " from " + type.getProtectionDomain().getCodeSource())
                    .isGreaterThanOrEqualTo(OLDEST_CACHEABLE)
                    .isEqualTo(majorVersion(AotCacheableClassesTest.class));
        }
    }

    private static int majorVersion(Class<?> type) throws IOException {
        String name = type.getName();
        try (InputStream in = type.getResourceAsStream("/" + name.replace('.', '/') + ".class");
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        }
    }
}
