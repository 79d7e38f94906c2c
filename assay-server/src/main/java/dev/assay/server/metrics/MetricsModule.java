package dev.assay.server.metrics;

import dev.assay.core.telemetry.Telemetry;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Routes;

/** {@code GET /metrics}: the Prometheus scrape, guarded by {@code access} (a viewer token unless configured public). */
public final class MetricsModule implements ApiModule {
    private final Telemetry telemetry;
    private final Access access;

    public MetricsModule(Telemetry telemetry, Access access) {
        this.telemetry = telemetry;
        this.access = access;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/metrics", access, "Prometheus scrape of every meter (text exposition format 0.0.4)",
                ctx -> ctx.contentType(Telemetry.SCRAPE_CONTENT_TYPE).result(telemetry.scrape()));
    }
}
