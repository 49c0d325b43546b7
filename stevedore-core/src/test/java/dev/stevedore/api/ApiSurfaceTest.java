package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's door is what {@code module-info} exports, and nothing it hands out is behind it:
 * every public or protected signature of an exported package (supertypes, fields, constructors,
 * methods, their type arguments and exceptions) names only types of exported packages, of the JDK,
 * or of a module the core {@code requires transitive}ly. (javac's {@code -Xlint:exports} sees only
 * the types a signature names directly, not what their own signatures hand out in turn.)
 */
class ApiSurfaceTest {

    private static final Path CLASSES = codeSource(ImageBuilder.class);
    private static final ModuleDescriptor CORE = descriptor(CLASSES.resolve("module-info.class"));

    @Test
    void whatTheApiHandsOutIsExported() throws IOException {
        assertThat(reach().violations()).isEmpty();
    }

    /**
     * Nothing is exported that the api does not hand out: each exported package is an api package
     * or holds a type the api reaches. With the test above, the export list is exactly the api and
     * the packages of what it hands out.
     */
    @Test
    void everyExportedPackageIsTheApiOrWhatItHandsOut() throws IOException {
        Set<String> reached = reach().types().stream().map(Class::getPackageName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(exportedPackages()).isSubsetOf(reached);
    }

    /**
     * No export names its reader ({@code exports ... to dev.stevedore.cli}): the CLI and the plugin
     * run on the class path, where such an export binds nothing; what the CLI may use besides the
     * door is {@code CliLayeringTest}'s (docs/library.md).
     */
    @Test
    void noPackageIsExportedToOneModuleOnly() {
        assertThat(CORE.exports()).filteredOn(ModuleDescriptor.Exports::isQualified).isEmpty();
    }

    @Test
    void theCheckSeesAnInternalTypeBehindAnExportedSignature() {
        // dev.stevedore.context is internal: a signature naming its BuildContext is a leak the check reports.
        Set<String> exported = exportedPackages();
        assertThat(exported).contains("dev.stevedore.api").doesNotContain("dev.stevedore.context");
        List<String> found = new ArrayList<>();
        new Surface(exported, found, new ArrayList<>()).signature("Leaky#context()",
                Leaky.class.getDeclaredMethods()[0].getGenericReturnType());
        assertThat(found).containsExactly("Leaky#context() hands out dev.stevedore.context.BuildContext");
    }

    /** A fixture: a public method whose return type is internal. */
    interface Leaky {
        Optional<List<? extends dev.stevedore.context.BuildContext>> context();
    }

    /** The types the api reaches, and what of it is behind the door. */
    private record Reach(Set<Class<?>> types, List<String> violations) {}

    /**
     * From the api packages' public types, every type of the core their signatures name, then
     * every type those name, and so on: what a program using the api can get hold of.
     */
    private static Reach reach() throws IOException {
        Set<String> exported = exportedPackages();
        Set<String> api = exported.stream().filter(p -> p.equals("dev.stevedore.api") || p.startsWith("dev.stevedore.api."))
                .collect(Collectors.toCollection(TreeSet::new));
        List<Class<?>> todo = new ArrayList<>(publicTypes(api));
        Set<Class<?>> done = new HashSet<>();
        List<String> found = new ArrayList<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.removeLast();
            if (done.add(c)) {
                List<Class<?>> named = new ArrayList<>();
                new Surface(exported, found, named).type(c);
                todo.addAll(named);
            }
        }
        return new Reach(done, found.stream().distinct().sorted().toList());
    }

    private static Set<String> exportedPackages() {
        return CORE.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Class<?>> publicTypes(Set<String> packages) throws IOException {
        List<Class<?>> types = new ArrayList<>();
        for (String p : packages) {
            Path dir = CLASSES.resolve(p.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String simple = f.getFileName().toString().replaceFirst("\\.class$", "");
                    Class<?> c = load(p + "." + simple);
                    if (visible(c)) {
                        types.add(c);
                    }
                }
            }
        }
        return types;
    }

    /** Public, and so is every class it is nested in. */
    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Walks what one type shows: records each type behind the door in {@code found}, and each of
     * the core's types it names in {@code named}.
     */
    private record Surface(Set<String> exported, List<String> found, List<Class<?>> named) {

        void type(Class<?> c) {
            String name = c.getName();
            Optional.ofNullable(c.getGenericSuperclass()).ifPresent(s -> signature(name + " extends", s));
            for (Type i : c.getGenericInterfaces()) {
                signature(name + " implements", i);
            }
            for (TypeVariable<?> v : c.getTypeParameters()) {
                signature(name + "<" + v.getName() + ">", v);
            }
            for (Field f : c.getDeclaredFields()) {
                if (shown(f)) {
                    signature(name + "#" + f.getName(), f.getGenericType());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (shown(k)) {
                    executable(c, name + "#<init>", k);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (shown(m) && !m.isBridge()) {
                    signature(name + "#" + m.getName() + "()", m.getGenericReturnType());
                    executable(c, name + "#" + m.getName() + "()", m);
                }
            }
        }

        private static boolean shown(Member m) {
            int mod = m.getModifiers();
            return !m.isSynthetic() && (Modifier.isPublic(mod) || Modifier.isProtected(mod));
        }

        private void executable(Class<?> c, String where, Executable e) {
            for (Type p : e.getGenericParameterTypes()) {
                signature(where, p);
            }
            for (Type x : e.getGenericExceptionTypes()) {
                signature(where + " throws", x);
            }
            for (TypeVariable<?> v : e.getTypeParameters()) {
                signature(where, v);
            }
        }

        void signature(String where, Type t) {
            walk(where, t, new HashSet<>());
        }

        private void walk(String where, Type t, Set<Type> seen) {
            if (!seen.add(t)) {
                return;
            }
            switch (t) {
                case Class<?> c when c.isArray() -> walk(where, c.getComponentType(), seen);
                case Class<?> c -> check(where, c);
                case ParameterizedType p -> {
                    walk(where, p.getRawType(), seen);
                    for (Type a : p.getActualTypeArguments()) {
                        walk(where, a, seen);
                    }
                }
                case WildcardType w -> {
                    Stream.of(w.getUpperBounds()).forEach(b -> walk(where, b, seen));
                    Stream.of(w.getLowerBounds()).forEach(b -> walk(where, b, seen));
                }
                case TypeVariable<?> v -> Stream.of(v.getBounds()).forEach(b -> walk(where, b, seen));
                case GenericArrayType g -> walk(where, g.getGenericComponentType(), seen);
                default -> throw new IllegalStateException("a reflected type of an unknown kind: " + t);
            }
        }

        private void check(String where, Class<?> c) {
            if (c.isPrimitive() || c.getClassLoader() == null || c.getClassLoader() == ClassLoader.getPlatformClassLoader()) {
                return; // the JDK's
            }
            String p = c.getPackageName();
            if (p.startsWith("dev.stevedore.")) {
                named.add(c);
                if (!exported.contains(p) || !visible(c)) {
                    found.add(where + " hands out " + c.getName());
                }
                return;
            }
            if (!transitive(c)) {
                found.add(where + " hands out " + c.getName() + ", of a module the core does not require transitively");
            }
        }
    }

    /** Whether the module of a third-party class is one the core {@code requires transitive}. */
    private static boolean transitive(Class<?> c) {
        Set<String> modules = ModuleFinder.of(codeSource(c)).findAll().stream().map(ModuleReference::descriptor)
                .map(ModuleDescriptor::name).collect(Collectors.toSet());
        return CORE.requires().stream().filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .anyMatch(r -> modules.contains(r.name()));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path codeSource(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModuleDescriptor descriptor(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
