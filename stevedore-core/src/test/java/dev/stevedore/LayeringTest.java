package dev.stevedore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package table of DESIGN.md, enforced: a package may use only the packages on its line
 * (and its own sub-packages), and there are no cycles. Change the table here and in DESIGN.md
 * together.
 */
class LayeringTest {

    private static final String ROOT = "dev.stevedore";

    /** package → the packages it may use. */
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        allow("diag");
        allow("config", "diag");
        allow("oci", "diag");
        allow("linux", "diag");
        allow("fs", "diag");
        allow("archive", "diag");
        allow("dockerfile", "diag");
        allow("plan", "dockerfile", "oci", "diag");
        allow("context", "fs", "archive", "diag");
        allow("store", "fs", "linux", "oci", "config", "diag");
        allow("layer", "fs", "archive", "linux", "store", "oci", "diag");
        allow("snapshot", "fs", "linux", "layer", "store", "oci", "diag");
        allow("runtime", "fs", "linux", "oci", "diag");
        allow("rootless", "runtime", "linux", "diag");
        allow("registry", "oci", "store", "config", "diag");
        allow("event", "diag", "oci");
        allow("cache", "registry", "oci", "store", "diag");
        allow("sbom", "diag", "oci", "store", "archive");
        allow("exec", "diag", "oci", "dockerfile", "plan", "context", "store", "layer", "snapshot",
                "runtime", "registry", "event", "linux", "fs", "archive", "cache");
        allow("output", "fs", "archive", "linux", "store", "oci", "registry", "layer", "diag");
        allow("report", "diag", "oci", "plan", "store", "layer", "archive", "exec", "sbom");
        allow("attest", "diag", "oci", "store", "sbom", "exec");
        allow("api", "diag", "oci", "dockerfile", "plan", "context", "store", "layer", "snapshot",
                "runtime", "registry", "event", "exec", "output", "report", "linux", "fs", "archive", "cache",
                "rootless", "sbom", "attest", "config");
    }

    private static void allow(String pkg, String... uses) {
        ALLOWED.put(pkg, Set.of(uses));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @TestFactory
    List<DynamicTest> eachPackageUsesOnlyThePackagesOnItsLine() {
        return ALLOWED.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    String[] forbidden = ALLOWED.keySet().stream()
                            .filter(p -> !p.equals(e.getKey()) && !e.getValue().contains(p))
                            .map(p -> ROOT + "." + p + "..")
                            .toArray(String[]::new);
                    noClasses().that().resideInAPackage(ROOT + "." + e.getKey() + "..")
                            .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                            .allowEmptyShould(true)
                            .check(classes);
                }))
                .toList();
    }

    @Test
    void diagUsesTheJdkOnly() {
        noClasses().that().resideInAPackage(ROOT + ".diag..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", ROOT + ".diag..")
                .check(classes);
    }

    @Test
    void everyPackageIsInTheTable() {
        classes.stream()
                .map(c -> c.getPackageName())
                .filter(p -> p.startsWith(ROOT + "."))
                .map(p -> p.substring(ROOT.length() + 1).split("\\.")[0])
                .distinct()
                .forEach(top -> {
                    if (!ALLOWED.containsKey(top)) {
                        throw new AssertionError("package " + ROOT + "." + top
                                + " is not in the layering table of DESIGN.md (and LayeringTest)");
                    }
                });
    }

    @Test
    void noCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }
}
