package dev.assay.ranking.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.ConflictException;
import dev.assay.core.NotFoundException;
import dev.assay.core.alert.Alert;
import dev.assay.core.contract.Action;
import dev.assay.core.contract.Evaluation;
import dev.assay.core.contract.Observation;
import dev.assay.core.contract.Window;
import dev.assay.core.contract.Windower;
import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.RollbackOutcome;
import dev.assay.core.registry.Stage;
import dev.assay.core.stats.PercentileRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a candidate ranker version under canary/AB against the production primary: observations go
 * into fixed windows by the injected clock; each closed window is evaluated (see {@code MonitorEngine}),
 * recorded in the ledger ({@code ranking.monitor.window}), every firing recorded
 * ({@code ranking.monitor.trigger}) and alerted, and the first ROLLBACK firing rolls the candidate back
 * through the registry, once. Metrics: counters {@code assay.ranking.monitor.windows} (check, verdict),
 * {@code assay.ranking.monitor.triggers} (trigger, severity), {@code assay.ranking.monitor.rollbacks};
 * gauges {@code assay.ranking.monitor.sequential.log_lr} and {@code assay.ranking.monitor.rolled_back}.
 * Thread-safe.
 */
public final class RankingMonitor {
    /** Ledger kind of one window's verdicts. */
    public static final String WINDOW_KIND = "ranking.monitor.window";
    /** Ledger kind of one firing. */
    public static final String TRIGGER_KIND = "ranking.monitor.trigger";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String model;
    private final String version;
    private final MonitorSinks sinks;
    private final Windower windower;
    private final MonitorEngine engine;
    private final PercentileRecorder latency;
    private final List<Firing> firings = new ArrayList<>();
    /**
     * The gauges' values per meter registry and monitor: a monitor reopened on this instance (after a
     * takeover or a restart of its lease) reports through the same gauges rather than ones bound to an
     * instance that is gone.
     */
    private static final Map<MeterRegistry, Map<Tags, AtomicLong[]>> GAUGES =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final AtomicLong rolledBackGauge;
    private final AtomicLong logLrMicros;
    private final Tags tags;
    private long windows;
    private long observations;
    private long idleWindows;
    private Map<String, Integer> lastStreaks = Map.of();
    private final List<String> rollbackFailures = new ArrayList<>();
    private WindowResult last;
    private String rollbackReason;

    private RankingMonitor(String model, String version, MonitorConfig config, Clock clock, MonitorSinks sinks, Snapshot from) {
        this(model, version, config, clock, sinks, from, null);
    }

    private RankingMonitor(String model, String version, MonitorConfig config, Clock clock, MonitorSinks sinks, Snapshot from,
                           java.time.Instant firstWindow) {
        this.model = requireText(model, "model");
        this.version = requireText(version, "version");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        Objects.requireNonNull(config, "config");
        this.windower = from != null ? Windower.resume(config.window(), clock, from.windower())
                : firstWindow != null ? Windower.startingAt(config.window(), clock, firstWindow) : Windower.fixed(config.window(), clock);
        this.engine = from == null ? new MonitorEngine(config) : MonitorEngine.resume(config, from.engine());
        this.latency = from == null ? PercentileRecorder.create() : PercentileRecorder.decode(from.latency());
        if (from != null) {
            windows = from.windows();
            observations = from.observations();
            idleWindows = from.idleWindows();
            lastStreaks = from.lastStreaks();
            firings.addAll(from.firings());
            last = from.last();
            rollbackReason = from.rollbackReason();
            rollbackFailures.addAll(from.rollbackFailures());
        }
        this.tags = Tags.of("model", model, "version", version);
        AtomicLong[] gauges = gauges(sinks.meters(), tags);
        this.rolledBackGauge = gauges[0];
        this.logLrMicros = gauges[1];
        rolledBackGauge.set(rollbackReason == null ? 0 : 1);
        logLrMicros.set(last == null ? 0 : Math.round(last.sequential().logLikelihoodRatio() * 1e6));
    }

    /**
     * A monitor of {@code model}/{@code version} whose first window contains the clock's time now. The version
     * must be a candidate taking or mirroring traffic (SHADOW, CANARY or AB): a monitor watches a candidate
     * against the primary and rolls it back, which means nothing for a PRIMARY, RETIRED or never-deployed
     * version (ConflictException with the reason; NotFoundException for a version that is not registered).
     */
    public static RankingMonitor start(String model, String version, MonitorConfig config, Clock clock, MonitorSinks sinks) {
        requireCandidate(sinks.registry(), requireText(model, "model"), requireText(version, "version"));
        return new RankingMonitor(model, version, config, clock, sinks, null);
    }

    /** A new monitor whose first window holds {@code firstWindow}, for a version already checked by {@link #requireCandidate}. */
    static RankingMonitor startAt(String model, String version, MonitorConfig config, Clock clock, MonitorSinks sinks,
                                  java.time.Instant firstWindow) {
        return new RankingMonitor(model, version, config, clock, sinks, null, Objects.requireNonNull(firstWindow, "firstWindow"));
    }

    /**
     * Replays timestamped observations of a candidate offline: a monitor of {@code model}/{@code version}
     * whose clock follows the observations' own times (first window at the first observation), each
     * window closed as the next observation passes its end and the last one after the final observation;
     * every window is recorded and acted on as live (ledger, alerts, rollback). {@code onWindow} sees each
     * closed window in order. Returns the monitor, for its final state.
     */
    public static RankingMonitor replay(String model, String version, MonitorConfig config, MonitorSinks sinks,
                                        List<QueryObservation> observations, java.util.function.Consumer<WindowResult> onWindow) {
        if (observations.isEmpty()) throw new dev.assay.core.InvalidInputException("no observations to replay");
        dev.assay.core.time.ManualClock clock = new dev.assay.core.time.ManualClock(observations.getFirst().time());
        RankingMonitor monitor = start(model, version, config, clock, sinks);
        java.time.Instant last = observations.getFirst().time();
        for (QueryObservation o : observations) {
            if (o.time().isAfter(clock.instant())) clock.set(o.time());
            monitor.poll().forEach(onWindow);
            monitor.observe(o);
            if (o.time().isAfter(last)) last = o.time();
        }
        clock.set(last.plus(config.window()));
        monitor.poll().forEach(onWindow);
        return monitor;
    }

    /** Observations timed before this are late: the end of the last closed window. */
    public synchronized java.time.Instant closedUntil() {
        return windower.state().next();
    }

    static void requireCandidate(dev.assay.core.registry.Registry registry, String model, String version) {
        if (registry.model(model).isEmpty()) throw new NotFoundException("model " + model + " is not registered");
        if (registry.versions(model).stream().noneMatch(v -> v.version().equals(version)))
            throw new NotFoundException("version " + version + " of model " + model + " is not registered");
        Stage stage = registry.deployments(model).stream().filter(d -> d.version().equals(version)).map(Deployment::stage)
                .findFirst().orElse(Stage.REGISTERED);
        String why = switch (stage) {
            case SHADOW, CANARY, AB -> null;
            case PRIMARY -> "it is the PRIMARY; a monitor watches a candidate (SHADOW, CANARY or AB) against the primary";
            case RETIRED -> "it is RETIRED (rolled back or replaced); deploy it as a candidate again to monitor it";
            case REGISTERED -> "it has never been deployed; deploy it as a SHADOW, CANARY or AB candidate first";
        };
        if (why != null) throw new ConflictException("cannot monitor " + model + "/" + version + ": " + why);
    }

    /** Adds one observation; false when its window has already closed (counted as late, dropped). */
    public synchronized boolean observe(QueryObservation o) {
        Objects.requireNonNull(o, "observation");
        List<Observation> parts = new ArrayList<>(4);
        o.gain().ifPresent(g -> parts.add(new Observation(MonitorEngine.GAIN_METRIC, MonitorEngine.CANDIDATE_SLICE, o.time(), g)));
        o.latencyMs().ifPresent(l -> parts.add(new Observation(MonitorEngine.LATENCY_METRIC, MonitorEngine.CANDIDATE_SLICE, o.time(), l)));
        o.jaccardAt10().ifPresent(j -> parts.add(new Observation(MonitorEngine.OVERLAP_METRIC, MonitorEngine.CANDIDATE_SLICE, o.time(), j)));
        o.calibration().ifPresent(c -> parts.add(new Observation(MonitorEngine.CALIBRATION_METRIC,
                c.correct() ? MonitorEngine.CORRECT_SLICE : MonitorEngine.INCORRECT_SLICE, o.time(), c.confidence())));
        boolean accepted = true;
        for (Observation p : parts) accepted &= windower.add(p);
        if (accepted) {
            observations++;
            o.latencyMs().ifPresent(l -> latency.record(Math.round(l)));
        }
        return accepted;
    }

    /**
     * One closed window, acted on but not yet recorded: its result, the ledger payload of a
     * {@value #WINDOW_KIND} entry when the window is worth one (it carries data or changes a
     * trigger's state; idle windows are counted in the next recorded one), and what to do once that
     * entry is durable (the trigger entries and alerts). A rollback has already gone to the registry
     * (idempotent), so a window closed again after a crash cannot lose it.
     */
    public record Closed(WindowResult result, Optional<ObjectNode> entry, Runnable afterRecord) {
        public Closed {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(afterRecord, "afterRecord");
        }
    }

    /** Closes every window the clock has passed, oldest first, acting on each and recording it in the ledger; returns them. */
    public synchronized List<WindowResult> poll() {
        List<WindowResult> out = new ArrayList<>();
        Optional<Closed> c;
        while ((c = closeNext()).isPresent()) {
            c.get().entry().ifPresent(p -> sinks.ledger().append(WINDOW_KIND, subject(), p));
            c.get().afterRecord().run();
            out.add(c.get().result());
        }
        return out;
    }

    /** Closes the oldest window the clock has passed, if any, leaving its recording to the caller ({@link Closed}). */
    public synchronized Optional<Closed> closeNext() {
        Optional<Window> w = windower.closeNext();
        if (w.isEmpty()) return Optional.empty();
        WindowResult r = engine.process(w.get());
        windows++;
        last = r;
        for (Evaluation e : r.evaluations()) {
            Counter.builder("assay.ranking.monitor.windows").tags(tags).tag("check", e.check()).tag("verdict", e.verdict().name())
                    .register(sinks.meters()).increment();
        }
        logLrMicros.set(Math.round(r.sequential().logLikelihoodRatio() * 1e6));
        Map<String, Integer> streaks = streaks();
        Optional<ObjectNode> entry;
        if (r.observations() == 0 && r.firings().isEmpty() && streaks.equals(lastStreaks)) {
            idleWindows++; // summarised in the next recorded window, so an idle monitor does not fill the ledger
            entry = Optional.empty();
        } else {
            entry = Optional.of(windowPayload(r).put("idleWindowsBefore", idleWindows));
            idleWindows = 0;
        }
        lastStreaks = streaks;
        List<ObjectNode> triggers = new ArrayList<>();
        for (Firing f : r.firings()) {
            firings.add(f);
            Counter.builder("assay.ranking.monitor.triggers").tags(tags).tag("trigger", f.trigger()).tag("severity", f.severity().name())
                    .register(sinks.meters()).increment();
            String rollback = "none";
            if (f.action() == Action.ROLLBACK) rollback = rollBack(f);
            triggers.add(JSON.createObjectNode().put("model", model).put("version", version).put("trigger", f.trigger())
                    .put("severity", f.severity().name()).put("action", f.action().name()).put("at", f.at().toString())
                    .put("reason", f.reason()).put("rollback", rollback));
        }
        List<Firing> fired = r.firings();
        return Optional.of(new Closed(r, entry, () -> {
            for (ObjectNode p : triggers) sinks.ledger().append(TRIGGER_KIND, subject(), p);
            for (Firing f : fired) sinks.alerts().fire(alert(f));
        }));
    }

    /** Rolls the candidate back once; what happened, for the trigger's ledger entry. */
    private String rollBack(Firing f) {
        if (rollbackReason != null) return "already_rolled_back";
        String reason = "ranking monitor " + f.trigger() + " at " + f.at() + ": " + f.reason();
        try {
            RollbackOutcome outcome = sinks.registry().rollback(model, version, reason);
            rollbackReason = reason; // only once the registry has done it: the state never claims what did not happen
            rolledBackGauge.set(1);
            Counter.builder("assay.ranking.monitor.rollbacks").tags(tags).register(sinks.meters()).increment();
            return switch (outcome) {
                case RollbackOutcome.RolledBack rb -> "rolled_back";
                case RollbackOutcome.AlreadyRolledBack ab -> "already_rolled_back";
            };
        } catch (ConflictException refused) {
            rollbackFailures.add(f.at() + ": " + refused.getMessage());
            Counter.builder("assay.ranking.monitor.rollback_failures").tags(tags).register(sinks.meters()).increment();
            return "refused: " + refused.getMessage();
        }
    }

    private Alert alert(Firing f) {
        String source = "ranking.monitor/" + model + "/" + version;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("model", model);
        labels.put("version", version);
        labels.put("trigger", f.trigger());
        labels.put("action", f.action().name());
        String title = (f.action() == Action.ROLLBACK ? "Rollback: " : "Ranking monitor: ") + model + "/" + version + " " + f.trigger();
        return new Alert(source + "/" + f.trigger() + "@" + f.at(), f.at(), f.severity(), source, title, f.reason(),
                source + "/" + f.trigger(), labels);
    }

    private ObjectNode windowPayload(WindowResult r) {
        ObjectNode p = JSON.createObjectNode().put("model", model).put("version", version)
                .put("start", r.start().toString()).put("end", r.end().toString()).put("observations", r.observations());
        ArrayNode checks = p.putArray("checks");
        for (Evaluation e : r.evaluations()) {
            ObjectNode c = checks.addObject().put("check", e.check()).put("verdict", e.verdict().name()).put("warning", e.warning())
                    .put("samples", e.evidence().samples()).put("reason", e.reason());
            number(c, "value", e.evidence().value());
            number(c, "estimate", e.evidence().estimate());
            number(c, "lower", e.evidence().lower());
            number(c, "upper", e.evidence().upper());
            number(c, "threshold", e.evidence().threshold());
        }
        ObjectNode s = p.putObject("sequential").put("gains", r.sequential().gains()).put("rejected", r.sequential().rejected());
        number(s, "meanGain", r.sequential().meanGain());
        number(s, "pValue", r.sequential().pValue());
        number(s, "logLikelihoodRatio", r.sequential().logLikelihoodRatio());
        return p;
    }

    private static void number(ObjectNode node, String field, double v) {
        dev.assay.core.JsonNumbers.put(node, field, v);
    }

    private Map<String, Integer> streaks() {
        Map<String, Integer> streaks = new LinkedHashMap<>();
        for (String c : List.of(MonitorEngine.QUALITY, MonitorEngine.LATENCY, MonitorEngine.OVERLAP, MonitorEngine.CALIBRATION)) {
            streaks.put(c, engine.failingWindows(c));
        }
        return streaks;
    }

    /**
     * Everything a monitor has accumulated, from which {@link #resume} continues exactly: the open
     * windows' observations, every trigger's streak, the sequential test, the latency histogram, the
     * counts, the firings and the rollback. Plain data, written as JSON by the monitor lifecycle.
     */
    public record Snapshot(Windower.State windower, MonitorEngine.State engine, String latency, long windows, long observations,
                           long idleWindows, Map<String, Integer> lastStreaks, List<Firing> firings, WindowResult last,
                           String rollbackReason, List<String> rollbackFailures) {
        public Snapshot {
            Objects.requireNonNull(windower, "windower");
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(latency, "latency");
            lastStreaks = Map.copyOf(lastStreaks);
            firings = List.copyOf(firings);
            rollbackFailures = List.copyOf(rollbackFailures);
        }

        private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        /** The state this snapshot holds, as {@link RankingMonitor#state()} reported it when it was taken. */
        public MonitorState state(String model, String version) {
            return new MonitorState(model, version, windows, observations, windower.late(), lastStreaks, Optional.ofNullable(last),
                    last == null ? new SequentialStatus(0, 0, 1, 0, false) : last.sequential(), firings, rollbackReason != null,
                    Optional.ofNullable(rollbackReason), PercentileRecorder.decode(latency).summary());
        }

        /** This snapshot as JSON (NaN and infinities as Jackson's strings, so every double comes back exactly). */
        public com.fasterxml.jackson.databind.JsonNode toJson() {
            return MAPPER.valueToTree(this);
        }

        /** The snapshot {@link #toJson} wrote; InvalidInputException when {@code json} is not one. */
        public static Snapshot fromJson(com.fasterxml.jackson.databind.JsonNode json) {
            try {
                return MAPPER.treeToValue(json, Snapshot.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new dev.assay.core.InvalidInputException("not a ranking monitor snapshot: " + e.getMessage());
            }
        }
    }

    /** The state now. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(windower.state(), engine.state(), latency.encode(), windows, observations, idleWindows, lastStreaks,
                firings, last, rollbackReason, rollbackFailures);
    }

    /**
     * The monitor of {@code model}/{@code version} continuing from {@code snapshot} (after a restart, or on
     * the instance that took it over). Unlike {@link #start} it does not ask for a candidate stage: the
     * monitor may have rolled its version back already.
     */
    public static RankingMonitor resume(String model, String version, MonitorConfig config, Clock clock, MonitorSinks sinks,
                                        Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        RankingMonitor m = new RankingMonitor(model, version, config, clock, sinks, snapshot);
        return m;
    }

    /** Rollbacks the registry refused (e.g. a first primary has nothing to roll back to), with when and why. */
    public synchronized List<String> rollbackFailures() {
        return List.copyOf(rollbackFailures);
    }

    /** The current state. */
    public synchronized MonitorState state() {
        Map<String, Integer> streaks = streaks();
        return new MonitorState(model, version, windows, observations, windower.late(), streaks, Optional.ofNullable(last),
                engine.sequential(), firings, rollbackReason != null, Optional.ofNullable(rollbackReason), latency.summary());
    }

    private String subject() {
        return model + "/" + version;
    }

    private static AtomicLong[] gauges(MeterRegistry meters, Tags tags) {
        return GAUGES.computeIfAbsent(meters, m -> new java.util.concurrent.ConcurrentHashMap<>()).computeIfAbsent(tags, t -> {
            AtomicLong rolledBack = new AtomicLong();
            AtomicLong logLr = new AtomicLong();
            Gauge.builder("assay.ranking.monitor.rolled_back", rolledBack, AtomicLong::get).tags(t).strongReference(true)
                    .description("1 once the monitor rolled the candidate back").register(meters);
            Gauge.builder("assay.ranking.monitor.sequential.log_lr", logLr, v -> v.get() / 1e6).tags(t).strongReference(true)
                    .description("log likelihood ratio of the mixture SPRT over the gains").register(meters);
            return new AtomicLong[] {rolledBack, logLr};
        });
    }

    private static String requireText(String v, String field) {
        if (v == null || v.isBlank()) throw new dev.assay.core.InvalidInputException(field + " must not be blank");
        return v;
    }
}
