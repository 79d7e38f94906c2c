package dev.assay.server.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.ConflictException;
import dev.assay.core.NotFoundException;
import dev.assay.core.auth.Role;
import dev.assay.core.contract.Evaluation;
import dev.assay.core.monitor.Ingested;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.stats.PercentileRecorder;
import dev.assay.ranking.monitor.Firing;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.ranking.monitor.MonitorState;
import dev.assay.ranking.monitor.QueryObservation;
import dev.assay.ranking.monitor.QueryObservations;
import dev.assay.ranking.monitor.RankingMonitor;
import dev.assay.ranking.monitor.RankingMonitorKind;
import dev.assay.ranking.monitor.SequentialStatus;
import dev.assay.ranking.monitor.WindowResult;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ranking monitors over HTTP, on the core monitor lifecycle: a monitor is defined for a SHADOW,
 * CANARY or AB candidate (explicitly, or with the service's default limits on its first
 * observations), observations are stored durably when acknowledged, and the instance holding the
 * monitor's lease closes its windows ({@code MonitorScheduler}); viewers read the state its owner
 * last stored. Operators define, feed and stop monitors.
 */
public final class RankingMonitorModule implements ApiModule {

    record CheckView(String check, String verdict, boolean warning, Double value, Double estimate, Double lower, Double upper,
                     int samples, String reason) {}

    record WindowView(Instant start, Instant end, int observations, List<CheckView> checks, SequentialStatus sequential,
                      List<Firing> firings) {}

    record StateView(String model, String version, String status, String runningOn, long windows, long observations, long late, long pending,
                     Instant updatedAt, Map<String, Integer> failingWindows, WindowView lastWindow, SequentialStatus sequential,
                     List<Firing> firings, boolean rolledBack, String rollbackReason, PercentileRecorder.Summary latencyMs) {}

    record PostView(int accepted, int late, long pending) {}

    record ListView(List<StateView> monitors, int total, Integer nextOffset) {}

    private final Monitors monitors;
    private final MonitorConfig defaults;
    private final Clock clock;

    /**
     * A module over {@code monitors} (which must know {@link RankingMonitorKind}); monitors defined without
     * limits use {@code defaults}; {@code clock} times observations sent without one.
     */
    public RankingMonitorModule(Monitors monitors, MonitorConfig defaults, Clock clock) {
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.clock = Objects.requireNonNull(clock, "clock");
        monitors.kind(RankingMonitorKind.NAME);
    }

    @Override
    public String name() {
        return "ranking";
    }

    @Override
    public List<dev.assay.server.DashboardView> views() {
        return List.of(new dev.assay.server.DashboardView("ranking", "Ranking", "views/ranking.js", 20));
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/ranking/monitors", Access.atLeast(Role.VIEWER),
                "Ranking monitors with their stored state, by id: from ?offset=N (default 0), at most ?limit=N (1..1000,"
                        + " default 200); nextOffset is null on the last page", ctx -> {
                    int offset = (int) dev.assay.server.Requests.queryLong(ctx, "offset", 0, 0, Integer.MAX_VALUE);
                    int limit = (int) dev.assay.server.Requests.queryLong(ctx, "limit", 200, 1, 1000);
                    List<MonitorInfo> all = monitors.list().stream().filter(m -> m.kind().equals(RankingMonitorKind.NAME)).toList();
                    List<StateView> page = all.stream().skip(offset).limit(limit).map(this::view).toList();
                    Integer next = offset + page.size() < all.size() ? offset + page.size() : null;
                    ctx.json(new ListView(page, all.size(), next));
                });
        routes.post("/api/v1/ranking/monitors/{model}/{version}", Access.atLeast(Role.OPERATOR),
                "Define a monitor of a SHADOW, CANARY or AB candidate; the body (optional) overrides the service's default limits", ctx -> {
                    String model = ctx.pathParam("model");
                    String version = ctx.pathParam("version");
                    MonitorConfig limits = limits(Requests.decodedBody(ctx));
                    MonitorInfo m = monitors.define(RankingMonitorKind.id(model, version), RankingMonitorKind.NAME,
                            RankingMonitorKind.definition(model, version, limits));
                    ctx.status(201).json(view(m));
                });
        routes.post("/api/v1/ranking/monitors/{model}/{version}/observations", Access.atLeast(Role.OPERATOR),
                "Store a JSON array of observations {time, gain, latencyMs, jaccard10, confidence, correct} for the candidate's monitor"
                        + " (defined with the default limits on first use); 409 when every one falls in a closed window",
                ctx -> {
                    String model = ctx.pathParam("model");
                    String version = ctx.pathParam("version");
                    List<QueryObservation> batch = QueryObservations.parseArray(new String(Requests.decodedBody(ctx), StandardCharsets.UTF_8), clock);
                    String id = RankingMonitorKind.id(model, version);
                    List<JsonNode> stored = batch.stream().map(o -> (JsonNode) QueryObservations.toJson(o)).toList();
                    Ingested in;
                    try {
                        in = monitors.ingest(id, stored);
                    } catch (NotFoundException absent) {
                        try {
                            monitors.define(id, RankingMonitorKind.NAME, RankingMonitorKind.definition(model, version, defaults));
                        } catch (ConflictException raced) {
                            if (monitors.get(id).isEmpty()) throw raced; // refused (not a candidate); otherwise defined meanwhile
                        }
                        in = monitors.ingest(id, stored);
                    }
                    if (in.accepted() == 0 && in.late() > 0) {
                        throw new ConflictException("every observation (" + in.late() + ") falls in a window of " + model + "/" + version
                                + " that has closed (before " + in.closedUntil() + "); none was stored");
                    }
                    ctx.json(new PostView(in.accepted(), in.late(), in.pending()));
                });
        routes.get("/api/v1/ranking/monitors/{model}/{version}", Access.atLeast(Role.VIEWER),
                "A candidate monitor's stored state: windows so far, streaks, last verdicts, sequential test, rollback", ctx ->
                        ctx.json(view(require(ctx.pathParam("model"), ctx.pathParam("version")))));
        routes.delete("/api/v1/ranking/monitors/{model}/{version}", Access.atLeast(Role.OPERATOR),
                "Stop a monitor: no more observations, no instance runs it; its state and ledger entries stay", ctx -> {
                    require(ctx.pathParam("model"), ctx.pathParam("version"));
                    ctx.json(view(monitors.stop(RankingMonitorKind.id(ctx.pathParam("model"), ctx.pathParam("version")))));
                });
    }

    private MonitorInfo require(String model, String version) {
        return monitors.get(RankingMonitorKind.id(model, version))
                .orElseThrow(() -> new NotFoundException("no ranking monitor for " + model + "/" + version));
    }

    /** The service's default limits with the body's overrides (a JSON object of MonitorConfig keys), every problem at once. */
    private MonitorConfig limits(byte[] body) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) return defaults;
        ObjectNode overrides = Requests.parse(body, ObjectNode.class, "request body (monitor limits)");
        ObjectNode merged = (ObjectNode) RankingMonitorKind.definition("", "", defaults).get("limits");
        merged.setAll(overrides);
        return MonitorConfig.parse(merged.toString());
    }

    private StateView view(MonitorInfo m) {
        String model = m.definition().path("model").asText();
        String version = m.definition().path("version").asText();
        MonitorState s = m.state().map(RankingMonitor.Snapshot::fromJson).map(snap -> snap.state(model, version))
                .orElseGet(() -> new MonitorState(model, version, 0, 0, 0, Map.of(), java.util.Optional.empty(),
                        new SequentialStatus(0, 0, 1, 0, false), List.of(), false, java.util.Optional.empty(),
                        PercentileRecorder.create().summary()));
        return new StateView(model, version, m.status().name(), monitors.owner(m.id()).orElse(null), s.windows(), s.observations(), s.late(), m.pending(), m.updatedAt(),
                s.failingWindows(), s.lastWindow().map(RankingMonitorModule::view).orElse(null), s.sequential(), s.firings(),
                s.rolledBack(), s.rollbackReason().orElse(null), s.latencyMs());
    }

    static WindowView view(WindowResult w) {
        return new WindowView(w.start(), w.end(), w.observations(), w.evaluations().stream().map(RankingMonitorModule::view).toList(),
                w.sequential(), w.firings());
    }

    static CheckView view(Evaluation e) {
        return new CheckView(e.check(), e.verdict().name(), e.warning(), finite(e.evidence().value()), finite(e.evidence().estimate()),
                finite(e.evidence().lower()), finite(e.evidence().upper()), e.evidence().samples(), e.reason());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
