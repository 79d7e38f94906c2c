package dev.assay.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Where tests find external resources: the shared evaluation data and a PostgreSQL
 * server. In CI ({@code CI=true}) a missing resource fails the test loudly; elsewhere
 * the test is skipped, and {@link SkipSummary} prints one line per reason at the end of the run.
 */
public final class TestEnvironment {
    private TestEnvironment() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The project root (the directory holding the parent pom). */
    public static Path projectRoot() {
        String prop = System.getProperty("assay.project.root");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("assay-core"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot locate the project root from " + Path.of("").toAbsolutePath());
        return p;
    }

    /** {@code ../shared/data} beside the project root; fails in CI, skips elsewhere, when absent. */
    public static Path sharedData() {
        Path data = projectRoot().resolve("../shared/data").normalize();
        require(Files.isDirectory(data), "shared evaluation data not found at " + data);
        return data;
    }

    /**
     * A JDBC URL to a fresh, empty schema on the PostgreSQL server named by
     * {@code ASSAY_TEST_PG_URL} (set by {@code .ci/run}); fails in CI, skips elsewhere, when unset.
     */
    public static String freshPostgresUrl() {
        String base = System.getenv("ASSAY_TEST_PG_URL");
        require(base != null && !base.isBlank(),
                "ASSAY_TEST_PG_URL is not set (no PostgreSQL server for the PostgreSQL store tests)");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (var c = DriverManager.getConnection(base); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema on " + base + ": " + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void require(boolean present, String what) {
        if (present) return;
        if (inCi()) throw new AssertionError("CI=true but " + what);
        assumeTrue(false, what);
    }
}
