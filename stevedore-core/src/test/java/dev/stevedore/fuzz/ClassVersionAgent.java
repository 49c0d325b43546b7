package dev.stevedore.fuzz;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Lets Jazzer 0.24 instrument Stevedore's classes. Its bundled ASM reads class files up to Java
 * 23 (major version 67) and refuses ours (69), so Jazzer would fuzz blind, without coverage.
 * Registered first (as {@code -javaagent} by the {@code fuzz} profile), this transformer
 * relabels {@code dev/stevedore/} classes as version 67 before Jazzer's transformer sees them:
 * Java 24 and 25 added no class-file structure our classes use, and the JVM loads older
 * versions as they are. Nothing else is touched.
 */
public final class ClassVersionAgent implements ClassFileTransformer {

    private static final int MAJOR_OFFSET = 6;
    private static final int JAVA_23 = 67;

    public static void premain(String args, Instrumentation instrumentation) {
        instrumentation.addTransformer(new ClassVersionAgent(), true);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
            ProtectionDomain domain, byte[] bytes) {
        if (name == null || !name.startsWith("dev/stevedore/") || bytes.length < 8) {
            return null;
        }
        int major = ((bytes[MAJOR_OFFSET] & 0xff) << 8) | (bytes[MAJOR_OFFSET + 1] & 0xff);
        if (major <= JAVA_23) {
            return null;
        }
        byte[] relabelled = bytes.clone();
        relabelled[MAJOR_OFFSET] = 0;
        relabelled[MAJOR_OFFSET + 1] = (byte) JAVA_23;
        return relabelled;
    }
}
