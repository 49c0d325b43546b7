package dev.stevedore.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.ImageBuilder;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin is a user of the library like any other: every class of the core it names is in a
 * package the core's {@code module-info} exports to everyone. (Maven runs the plugin on a class
 * path, where exports do not bind; this test is what does.)
 */
class PluginUsesTheDoorTest {

    @Test
    void everyCoreTypeThePluginNamesIsExported() throws IOException {
        Set<String> exported = exportedPackages();
        assertThat(exported).contains("dev.stevedore.api").doesNotContain("dev.stevedore.context");
        Set<String> behindTheDoor = new TreeSet<>();
        for (Path c : pluginClasses()) {
            for (var entry : ClassFile.of().parse(c).constantPool()) {
                if (entry instanceof ClassEntry k) {
                    String name = k.asInternalName().replaceFirst("^\\[+L?", "").replace('/', '.');
                    String pkg = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
                    if (pkg.startsWith("dev.stevedore.") && !pkg.startsWith("dev.stevedore.maven")
                            && !exported.contains(pkg)) {
                        behindTheDoor.add(c.getFileName() + " names " + name);
                    }
                }
            }
        }
        assertThat(behindTheDoor).isEmpty();
    }

    /** The packages the core exports without a {@code to}. */
    private static Set<String> exportedPackages() {
        ModuleDescriptor core = ModuleFinder.of(location(ImageBuilder.class)).findAll().iterator().next().descriptor();
        return core.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Path> pluginClasses() throws IOException {
        try (Stream<Path> files = Files.walk(location(StevedoreMojo.class))) {
            return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
