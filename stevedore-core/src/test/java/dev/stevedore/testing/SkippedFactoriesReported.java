package dev.stevedore.testing;

import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * A {@code @TestFactory} skipped before it made its tests (the conformance vectors absent, or a
 * prerequisite in the partial run) becomes one skipped test of that name. Surefire counts an
 * aborted factory as no test at all, "Tests run: 0", which reads as if there were nothing to run.
 * Registered for every test class by JUnit's extension auto-detection (see the parent pom).
 */
public final class SkippedFactoriesReported implements InvocationInterceptor {

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extension) throws Throwable {
        try {
            return invocation.proceed();
        } catch (TestAbortedException skipped) {
            @SuppressWarnings("unchecked") // JUnit takes any Stream of DynamicNodes from a factory
            T one = (T) Stream.of(DynamicTest.dynamicTest(context.getExecutable().getName(), () -> {
                throw skipped;
            }));
            return one;
        }
    }
}
