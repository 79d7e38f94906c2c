package dev.assay.server;

import dev.assay.core.telemetry.HealthCheck;
import java.util.List;

/**
 * A feature's slice of the HTTP API: its routes (with required roles), the readiness checks
 * of the components it depends on, and its pages in the web dashboard. The server composes modules; the OpenAPI document,
 * the auth guard and the metrics all come from what modules register here.
 */
public interface ApiModule {
    /** Short stable name, used as the OpenAPI tag, e.g. {@code ledger}. */
    String name();

    /** Adds this module's routes. */
    void register(Routes routes);

    /** Checks that {@code /health/ready} runs for this module's components. */
    default List<HealthCheck> healthChecks() {
        return List.of();
    }

    /** The dashboard pages this module adds (see {@link DashboardView}). */
    default List<DashboardView> views() {
        return List.of();
    }

    /**
     * Called once when the server begins to stop, before in-flight requests are awaited: a
     * module holding long-lived responses (event streams) ends them here so shutdown is not
     * held up by them.
     */
    default void stopping() {
    }
}
