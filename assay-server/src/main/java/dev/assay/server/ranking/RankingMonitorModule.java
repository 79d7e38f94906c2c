package dev.assay.server.ranking;

import dev.assay.core.NotFoundException;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.auth.Role;
import dev.assay.core.contract.Evaluation;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.registry.Registry;
import dev.assay.core.stats.PercentileRecorder;
import dev.assay.ranking.monitor.Firing;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.ranking.monitor.MonitorSinks;
import dev.assay.ranking.monitor.MonitorState;
import dev.assay.ranking.monitor.QueryObservation;
import dev.assay.ranking.monitor.QueryObservations;
import dev.assay.ranking.monitor.RankingMonitor;
import dev.assay.ranking.monitor.SequentialStatus;
import dev.assay.ranking.monitor.WindowResult;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ranking monitors over HTTP: operators post observations of a candidate version (a monitor is
 * started on the first post, for a registered version); viewers read its state. Windows close by
 * the module's clock whenever observations are posted (and on {@link #pollAll}).
 */
public final class RankingMonitorModule implements ApiModule {
    record CheckView(String check, String verdict, boolean warning, Double value, Double estimate, Double lower, Double upper,
                     int samples, String reason) {}

    record WindowView(Instant start, Instant end, int observations, List<CheckView> checks, SequentialStatus sequential,
                      List<Firing> firings) {}

    record StateView(String model, String version, long windows, long observations, long late,
                     Map<String, Integer> failingWindows, WindowView lastWindow, SequentialStatus sequential,
                     List<Firing> firings, boolean rolledBack, String rollbackReason, PercentileRecorder.Summary latencyMs) {}

    record PostView(int accepted, int late, List<WindowView> closedWindows, StateView state) {}

    private record Key(String model, String version) {}

    private final Registry registry;
    private final MonitorSinks sinks;
    private final Clock clock;
    private final MonitorConfig config;
    private final Map<Key, RankingMonitor> monitors = new ConcurrentHashMap<>();

    /** A module whose monitors all use {@code config} and report to the given core services. */
    public RankingMonitorModule(Registry registry, Ledger ledger, AlertManager alerts, MeterRegistry meters, Clock clock,
                                MonitorConfig config) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sinks = new MonitorSinks(registry, ledger, alerts, meters);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return "ranking";
    }

    @Override
    public void register(Routes routes) {
        routes.post("/api/v1/ranking/monitors/{model}/{version}/observations", Access.atLeast(Role.OPERATOR),
                "Feed a JSON array of observations {time, gain, latencyMs, jaccard10, confidence, correct} to the candidate's monitor",
                ctx -> {
                    String model = ctx.pathParam("model");
                    String version = ctx.pathParam("version");
                    List<QueryObservation> batch = QueryObservations.parseArray(new String(Requests.rawBody(ctx), StandardCharsets.UTF_8), clock);
                    RankingMonitor m = monitors.computeIfAbsent(new Key(model, version), k -> start(model, version));
                    List<WindowResult> closed = new java.util.ArrayList<>(m.poll());
                    int accepted = 0;
                    for (QueryObservation o : batch) if (m.observe(o)) accepted++;
                    closed.addAll(m.poll());
                    ctx.json(new PostView(accepted, batch.size() - accepted, closed.stream().map(RankingMonitorModule::view).toList(),
                            view(m.state())));
                });
        routes.get("/api/v1/ranking/monitors/{model}/{version}", Access.atLeast(Role.VIEWER),
                "A candidate monitor's state: windows so far, streaks, last verdicts, sequential test, rollback", ctx -> {
                    RankingMonitor m = monitors.get(new Key(ctx.pathParam("model"), ctx.pathParam("version")));
                    if (m == null) {
                        throw new NotFoundException("no ranking monitor for " + ctx.pathParam("model") + "/" + ctx.pathParam("version"));
                    }
                    ctx.json(view(m.state()));
                });
    }

    /** Closes every window the clock has passed, in every monitor (for a periodic ticker). */
    public void pollAll() {
        monitors.values().forEach(RankingMonitor::poll);
    }

    private RankingMonitor start(String model, String version) {
        if (registry.versions(model).stream().noneMatch(v -> v.version().equals(version))) {
            throw new NotFoundException("version " + version + " of model " + model + " is not registered");
        }
        return RankingMonitor.start(model, version, config, clock, sinks);
    }

    static StateView view(MonitorState s) {
        return new StateView(s.model(), s.version(), s.windows(), s.observations(), s.late(), s.failingWindows(),
                s.lastWindow().map(RankingMonitorModule::view).orElse(null), s.sequential(), s.firings(), s.rolledBack(),
                s.rollbackReason().orElse(null), s.latencyMs());
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
