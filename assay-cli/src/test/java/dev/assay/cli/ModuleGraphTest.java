package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleGraphTest {
    @Test
    void everyModuleDependsOnlyOnWhatTheGraphAllows() throws Exception {
        Path root = TestEnvironment.projectRoot();
        assertThat(ModuleGraph.isProjectRoot(root)).as(root.toString()).isTrue();
        Map<String, Set<String>> graph = ModuleGraph.read(root);
        assertThat(graph).containsKeys("assay-core", "assay-server", "assay-cli");
        assertThat(graph.get("assay-cli")).contains("assay-server", "assay-core");
        assertThat(ModuleGraph.violations(graph)).isEmpty();
    }

    /** Issue 7: assay-bench imported dev.assay.models.embed without declaring assay-models. */
    @Test
    void everyModuleDeclaresTheModulesItImports() throws Exception {
        Path root = TestEnvironment.projectRoot();
        assertThat(ModuleGraph.undeclaredImports(root, ModuleGraph.read(root))).isEmpty();
    }

    /** Issue 7: every package of every module says what it is, so a new one cannot forget. */
    @Test
    void everyPackageHasAPackageInfo() throws Exception {
        Path root = TestEnvironment.projectRoot();
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (String module : ModuleGraph.read(root).keySet()) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!java.nio.file.Files.isDirectory(src)) continue;
            try (var dirs = java.nio.file.Files.walk(src)) {
                for (Path d : dirs.filter(java.nio.file.Files::isDirectory).toList()) {
                    boolean hasJava;
                    try (var files = java.nio.file.Files.list(d)) {
                        hasJava = files.anyMatch(f -> f.toString().endsWith(".java"));
                    }
                    if (hasJava && !java.nio.file.Files.exists(d.resolve("package-info.java"))) missing.add(root.relativize(d).toString());
                }
            }
        }
        assertThat(missing).as("packages without package-info.java").isEmpty();
    }

    @Test
    void coreMayDependOnNoModule() {
        assertThat(ModuleGraph.violations(Map.of("assay-core", Set.of("assay-models"))))
                .containsExactly("assay-core (CORE) must not depend on assay-models (MODELS)");
    }

    @Test
    void domainModulesNeverDependOnEachOther() {
        assertThat(ModuleGraph.violations(Map.of("assay-fingerprint", Set.of("assay-core", "assay-models", "assay-agent"))))
                .containsExactly("assay-fingerprint (DOMAIN) must not depend on assay-agent (DOMAIN)");
    }

    @Test
    void entryPointsMustNotDependOnSideModulesAndServerNotOnCli() {
        assertThat(ModuleGraph.violations(Map.of("assay-server", Set.of("assay-cli", "assay-flink", "assay-ranking"))))
                .containsExactlyInAnyOrder("assay-server (ENTRY) must not depend on assay-cli (ENTRY)",
                        "assay-server (ENTRY) must not depend on assay-flink (SIDE)");
        assertThat(ModuleGraph.violations(Map.of("assay-cli", Set.of("assay-server", "assay-llm", "assay-models")))).isEmpty();
    }

    @Test
    void sideModulesSitOnCoreModelsAndDomainModulesOnly() {
        assertThat(ModuleGraph.violations(Map.of("assay-bench", Set.of("assay-core", "assay-ranking")))).isEmpty();
        assertThat(ModuleGraph.violations(Map.of("assay-flink", Set.of("assay-server", "assay-bench"))))
                .hasSize(2);
    }

    @Test
    void unclassifiedModulesAndDependenciesFail() {
        assertThat(ModuleGraph.violations(Map.of("assay-new", Set.of("assay-core"))))
                .singleElement().asString().contains("not classified");
        assertThat(ModuleGraph.violations(Map.of("assay-models", Set.of("assay-mystery"))))
                .containsExactly("assay-models depends on unknown module assay-mystery");
    }
}
