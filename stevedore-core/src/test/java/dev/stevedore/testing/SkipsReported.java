package dev.stevedore.testing;

import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Skips that surefire would not count are reported as skipped tests. Surefire counts a skipped
 * {@code @TestFactory} (skipped before it made its tests: the conformance vectors absent, or a
 * prerequisite in the partial run) and a class skipped in its {@code @BeforeAll} as no test at
 * all, "Tests run: 0", which reads as if there were nothing to run. Here a skipped factory
 * becomes one skipped test of its name, and a class skipped in {@code @BeforeAll} has each of
 * its tests skipped with the same reason (its other before-all, after-each and after-all
 * methods, written for a class that started, are not run). Registered for every test class by
 * JUnit's extension auto-detection (see the parent pom).
 */
public final class SkipsReported implements InvocationInterceptor, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SkipsReported.class);

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

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extension) throws Throwable {
        if (classSkipped(extension) != null) {
            invocation.skip();
            return;
        }
        try {
            invocation.proceed();
        } catch (TestAbortedException skipped) {
            extension.getStore(NAMESPACE).put(SkipsReported.class, skipped);
        }
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        TestAbortedException skipped = classSkipped(extension);
        if (skipped != null) {
            throw new TestAbortedException(skipped.getMessage(), skipped);
        }
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extension) throws Throwable {
        proceedUnlessClassSkipped(invocation, extension);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extension) throws Throwable {
        proceedUnlessClassSkipped(invocation, extension);
    }

    private static void proceedUnlessClassSkipped(Invocation<Void> invocation, ExtensionContext extension) throws Throwable {
        if (classSkipped(extension) != null) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    /** Why the test's class was skipped in its {@code @BeforeAll} (a store's value is seen by its children), or null. */
    private static TestAbortedException classSkipped(ExtensionContext extension) {
        return extension.getStore(NAMESPACE).get(SkipsReported.class, TestAbortedException.class);
    }
}
