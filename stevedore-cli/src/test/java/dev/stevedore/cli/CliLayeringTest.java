package dev.stevedore.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CLI goes through {@code api}: it turns flags into requests and renders what comes back,
 * and never wires the machinery itself (opens a store, a snapshotter, a runtime, a registry
 * client). Besides {@code api} it may use the packages whose types api takes and hands out —
 * {@code diag} (errors), {@code event} (build events), {@code oci} (references, platforms,
 * digests), {@code report}, {@code config} (Stevedore's own config files, a reader that uses
 * nothing but {@code diag}: the store root, progress and warm-server settings are the command
 * line's) — the parser, which is pure functions of a Dockerfile
 * ({@code dockerfile}: {@code parse}, {@code debug}; {@code lint} goes through api's checker), and
 * the value types below, named one by one. The core's {@code LayeringTest} keeps the library's own table.
 */
class CliLayeringTest {

    private static final String ROOT = "dev.stevedore.";

    private static final List<String> PACKAGES = List.of("cli", "api", "diag", "event", "oci", "report",
            "dockerfile", "config");

    /** Value types of the library's inner packages that api's requests and results are made of. */
    private static final Set<String> VALUE_TYPES = Set.of(
            "registry.RegistryOptions", "registry.TransferListener", "registry.Transfer", "registry.PullResult",
            "registry.DockerConfig", "registry.Credentials",
            "runtime.Sandbox", "runtime.Stdio", "runtime.Security", "runtime.Entitlement", "runtime.ExtraHost", "runtime.Ulimit", "runtime.OutputListener",
            "store.DiskUsage", "store.CacheMountUsage", "store.FsckReport", "store.FsckProblem", "store.PruneResult", "store.Blob", "store.CacheLimit",
            "snapshot.SnapshotPruneResult",
            "exec.StageResult",
            "output.OutputTarget",
            // finds the docker CLI on the PATH for --load: a PATH lookup, not a runtime
            "runtime.RuntimeLocator",
            // the terminal's own calls (isatty, its size) for the progress display
            "linux.Terminals",
            // where a store lives, by --root and the environment: the warm server's client finds its socket there
            "store.StoreRoot");

    private static final DescribedPredicate<JavaClass> MACHINERY = new DescribedPredicate<>(
            "the library's machinery (anything but api, the value packages and the value types)") {
        @Override
        public boolean test(JavaClass c) {
            String name = c.getName();
            if (!name.startsWith(ROOT)) {
                return false;
            }
            String local = name.substring(ROOT.length());
            int nested = local.indexOf('$');
            String outer = nested < 0 ? local : local.substring(0, nested);
            return PACKAGES.stream().noneMatch(p -> outer.startsWith(p + ".")) && !VALUE_TYPES.contains(outer);
        }
    };

    @Test
    void theCliUsesOnlyApiAndTheValuesItTakesAndGives() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.stevedore.cli");
        noClasses().that().resideInAPackage("dev.stevedore.cli..")
                .should().dependOnClassesThat(MACHINERY)
                .check(classes);
    }
}
