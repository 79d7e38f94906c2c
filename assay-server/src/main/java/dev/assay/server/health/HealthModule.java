package dev.assay.server.health;

import dev.assay.core.telemetry.Health;
import dev.assay.core.telemetry.HealthCheck;
import dev.assay.core.telemetry.HealthStatus;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health/live}: 200 while the process serves. {@code GET /health/ready}: every
 * component's status, 503 when any is DOWN. Both are anonymous, for probes and load balancers.
 */
public final class HealthModule implements ApiModule {
    private static final Logger LOG = LoggerFactory.getLogger(HealthModule.class);

    /** One component in the readiness report. */
    record ComponentReport(HealthStatus status, String detail) {}

    /** The readiness report: overall status and each component's. */
    record ReadinessReport(HealthStatus status, Map<String, ComponentReport> components) {}

    /** The liveness report. */
    record LivenessReport(HealthStatus status) {}

    private final List<HealthCheck> checks;

    public HealthModule(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/health/live", Access.anonymous(), "Liveness: 200 while the process serves requests",
                ctx -> ctx.json(new LivenessReport(HealthStatus.UP)));
        routes.get("/health/ready", Access.anonymous(),
                "Readiness: each component's status; 503 when any component is down", this::ready);
    }

    private void ready(Context ctx) {
        Map<String, ComponentReport> components = new LinkedHashMap<>();
        HealthStatus overall = HealthStatus.UP;
        for (HealthCheck check : checks) {
            Health h = run(check);
            components.put(check.name(), new ComponentReport(h.status(), h.detail()));
            if (h.status() == HealthStatus.DOWN) overall = HealthStatus.DOWN;
        }
        ctx.status(overall == HealthStatus.UP ? 200 : 503).json(new ReadinessReport(overall, components));
    }

    private static Health run(HealthCheck check) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            LOG.warn("health check {} failed", check.name(), e);
            return Health.down("check failed: " + e.getClass().getSimpleName());
        }
    }
}
