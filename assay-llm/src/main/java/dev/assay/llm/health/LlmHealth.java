package dev.assay.llm.health;

import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.Admission;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.alert.AlertStats;
import dev.assay.core.alert.Severity;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatMetrics;
import dev.assay.models.chat.HourlyBudget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The health of the model clients (per provider), the hourly budget and the output monitor, each HEALTHY, DEGRADED
 * or UNHEALTHY with its reasons, and the design's seven alert rules, evaluated on the clock by {@link #evaluate()}
 * (every {@link #DEFAULT_PERIOD} once {@link #start}ed). A rule that starts to hold raises an alert through the
 * {@link AlertManager}; one that stops holding clears it with an INFO alert saying so. Defaults ({@link Thresholds}):
 * <ol>
 *   <li><b>error_rate</b> (per provider, CRITICAL): over 5% of the calls of the last 5 minutes failed at the provider
 *       (429, timeout, 5xx, unreachable, circuit open), once there were 10 calls;</li>
 *   <li><b>latency</b> (per provider, WARNING): the 95th percentile duration of those calls is over 5 s;</li>
 *   <li><b>circuit_open</b> (per provider, CRITICAL): its circuit breaker is open; it clears when the breaker lets a
 *       trial call through;</li>
 *   <li><b>rate_limited</b> (WARNING): more than 0 answers of 429 (or refusals of the client's own rate limit) in the
 *       last 5 minutes; it clears 5 minutes after the last;</li>
 *   <li><b>cost</b> (WARNING): the spend of the rolling 60 minutes is over 80% of the hourly budget; it clears as the
 *       hour rolls and old spend falls out (it is not a counter since midnight);</li>
 *   <li><b>quality</b> (WARNING): over 20% of the last 100 checked generations failed the quality check, once 20 were;</li>
 *   <li><b>drift</b> (WARNING): an {@code llm.tokens} monitor found its perplexity distribution drifted within the last
 *       hour. That monitor raises its own alert; this rule surfaces the state (it sees the monitor's alerts through
 *       {@link #observing}) and raises nothing more.</li>
 * </ol>
 * Gauges: {@value #ACTIVE_METER} (tag rule: the alerts of the rule now active) and {@value #HEALTH_METER} (tag
 * component: 0 healthy, 1 degraded, 2 unhealthy). Thread-safe.
 */
public final class LlmHealth implements AutoCloseable {
    public static final String ACTIVE_METER = "assay.llm.alerts.active";
    public static final String HEALTH_METER = "assay.llm.health";
    public static final String SOURCE = "llm";
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(15);
    /** Source prefix of the {@code llm.tokens} monitor's alerts. */
    static final String DRIFT_SOURCE = "llm.tokens/";

    /** A component's state. */
    public enum Status { HEALTHY, DEGRADED, UNHEALTHY }

    /** The seven rules. */
    public enum Rule {
        ERROR_RATE, LATENCY, CIRCUIT_OPEN, RATE_LIMITED, COST, QUALITY, DRIFT;

        /** The lower-case name used in JSON, tags and dedup keys. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The rules' thresholds.
     *
     * @param errorRate       share of failed calls over {@code window} that raises error_rate
     * @param window          the window of error_rate, latency and rate_limited
     * @param minCalls        calls in the window before error_rate and latency are judged
     * @param p95Latency      95th percentile call duration that raises latency
     * @param rateLimited     429s in the window above which rate_limited raises
     * @param budgetShare     share of the hourly budget spent in the rolling hour that raises cost
     * @param qualityWindow   last checked generations the quality share is over
     * @param minChecked      checked generations before quality is judged
     * @param qualityFailures share of them failing the check that raises quality
     * @param driftHold       how long a drift the token monitor found keeps drift up
     */
    public record Thresholds(double errorRate, Duration window, int minCalls, Duration p95Latency, int rateLimited, double budgetShare,
                             int qualityWindow, int minChecked, double qualityFailures, Duration driftHold) {
        public Thresholds {
            share(errorRate, "errorRate");
            share(budgetShare, "budgetShare");
            share(qualityFailures, "qualityFailures");
            positive(window, "window");
            positive(p95Latency, "p95Latency");
            positive(driftHold, "driftHold");
            if (window.compareTo(ChatMetrics.WINDOW) > 0)
                throw new InvalidInputException("the rules' window must be at most " + ChatMetrics.WINDOW + ", but was " + window);
            if (minCalls < 1) throw new InvalidInputException("minCalls must be at least 1, but was " + minCalls);
            if (rateLimited < 0) throw new InvalidInputException("rateLimited must be >= 0, but was " + rateLimited);
            if (qualityWindow < 1) throw new InvalidInputException("qualityWindow must be at least 1, but was " + qualityWindow);
            if (minChecked < 1 || minChecked > qualityWindow)
                throw new InvalidInputException("minChecked must be in [1, qualityWindow], but was " + minChecked);
        }

        /** The design's: 5% errors or p95 over 5 s in 5 min (10 calls), any 429 in 5 min, 80% of the budget, 20% of 100 failing, drift within 1 h. */
        public static Thresholds defaults() {
            return new Thresholds(0.05, Duration.ofMinutes(5), 10, Duration.ofSeconds(5), 0, 0.8, 100, 20, 0.2, Duration.ofHours(1));
        }

        private static void share(double x, String name) {
            if (!(x >= 0 && x <= 1)) throw new InvalidInputException(name + " must be in [0, 1], but was " + x);
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new InvalidInputException(name + " must be positive, but was " + d);
        }
    }

    /** One component's state and why. */
    public record Component(String name, Status status, List<String> reasons) {
        public Component {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * A rule holding now.
     *
     * @param rule     which
     * @param subject  the provider it holds for, or "" for the budget and the monitor
     * @param severity of the alert it raised
     * @param since    when it started to hold
     * @param title    the alert's title
     * @param detail   what it measured
     */
    public record Active(Rule rule, String subject, Severity severity, Instant since, String title, String detail) {}

    private record Finding(Rule rule, String subject, Severity severity, String title, String detail) {
        String key() {
            return rule.label() + (subject.isEmpty() ? "" : "/" + subject);
        }
    }

    private final ChatMetrics metrics;
    private final Optional<HourlyBudget> budget;
    private final Thresholds thresholds;
    private final AlertManager alerts;
    private final Clock clock;
    private final boolean[] checked;
    private int next;
    private int filled;
    private Instant lastDrift;
    private String lastDriftDetail = "";
    private final Map<String, Active> active = new LinkedHashMap<>();
    private ScheduledExecutorService timer;

    /**
     * @param metrics    the clients' meters (its providers are the client components), empty when no model is configured
     * @param budget     the hourly budget, empty for none
     * @param thresholds the rules' thresholds
     * @param alerts     where raised and cleared alerts go
     * @param meters     where the gauges go
     * @param clock      the rules' clock
     */
    public LlmHealth(Optional<ChatMetrics> metrics, Optional<HourlyBudget> budget, Thresholds thresholds, AlertManager alerts,
                     MeterRegistry meters, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics").orElse(null);
        this.budget = Objects.requireNonNull(budget, "budget");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checked = new boolean[thresholds.qualityWindow()];
        for (Rule r : Rule.values())
            Gauge.builder(ACTIVE_METER, this, h -> h.activeCount(r)).tag("rule", r.label()).description("LLM alerts of the rule now active")
                    .register(meters);
        List<String> names = new ArrayList<>();
        if (this.metrics != null) this.metrics.circuits().keySet().forEach(p -> names.add("client/" + p));
        names.add("budget");
        names.add("monitor");
        for (String n : names)
            Gauge.builder(HEALTH_METER, this, h -> h.components().stream().filter(c -> c.name().equals(n)).findFirst()
                            .map(c -> c.status().ordinal()).orElse(0))
                    .tag("component", n).description("LLM component health: 0 healthy, 1 degraded, 2 unhealthy").register(meters);
    }

    /** Counts one generation the quality check judged ({@code failed}: it did not pass). */
    public synchronized void recordVerdict(boolean failed) {
        checked[next] = failed;
        next = (next + 1) % checked.length;
        filled = Math.min(checked.length, filled + 1);
    }

    /** {@code inner}, telling this of every drift alert of an {@code llm.tokens} monitor that goes through it. */
    public AlertManager observing(AlertManager inner) {
        Objects.requireNonNull(inner, "inner");
        return new AlertManager() {
            @Override
            public Admission fire(Alert alert) {
                if (alert.source().startsWith(DRIFT_SOURCE)) drifted(alert);
                return inner.fire(alert);
            }

            @Override
            public AlertStats stats() {
                return inner.stats();
            }

            @Override
            public AlertStats stats(String channel) {
                return inner.stats(channel);
            }

            @Override
            public boolean close(Duration deadline) {
                return inner.close(deadline);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private synchronized void drifted(Alert alert) {
        lastDrift = alert.time();
        lastDriftDetail = alert.title() + ": " + alert.detail();
    }

    /** Evaluates every rule now: raises an alert for each that starts to hold, clears each that stopped. Returns what it fired. */
    public synchronized List<Alert> evaluate() {
        Instant now = clock.instant();
        Map<String, Finding> found = new LinkedHashMap<>();
        for (Finding f : findings(now)) found.put(f.key(), f);
        List<Alert> fired = new ArrayList<>();
        for (var it = active.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (found.containsKey(e.getKey())) continue;
            Active a = e.getValue();
            it.remove();
            if (a.rule() != Rule.DRIFT) fired.add(alert(now, Severity.INFO, a, "Resolved: " + a.title(),
                    "no longer holds (it held since " + a.since() + "): " + a.detail(), "/resolved"));
        }
        for (Finding f : found.values()) {
            Active was = active.get(f.key());
            Active current = new Active(f.rule(), f.subject(), f.severity(), was == null ? now : was.since(), f.title(), f.detail());
            active.put(f.key(), current);
            if (was == null && f.rule() != Rule.DRIFT) fired.add(alert(now, f.severity(), current, f.title(), f.detail(), ""));
        }
        fired.forEach(alerts::fire);
        return fired;
    }

    /** The rules holding as of the last {@link #evaluate()}, in the order they were found. */
    public synchronized List<Active> active() {
        return List.copyOf(active.values());
    }

    private synchronized int activeCount(Rule r) {
        int n = 0;
        for (Active a : active.values()) if (a.rule() == r) n++;
        return n;
    }

    /** Each component's state now: {@code client/<provider>} per provider, {@code budget}, {@code monitor}. */
    public synchronized List<Component> components() {
        Instant now = clock.instant();
        List<Finding> found = findings(now);
        List<Component> out = new ArrayList<>();
        if (metrics != null) {
            for (var e : metrics.circuits().entrySet()) {
                String p = e.getKey();
                List<String> reasons = new ArrayList<>();
                Status s = switch (e.getValue()) {
                    case OPEN -> {
                        reasons.add("circuit breaker open: calls are refused without being sent");
                        yield Status.UNHEALTHY;
                    }
                    case HALF_OPEN -> {
                        reasons.add("circuit breaker half-open: a trial call decides");
                        yield Status.DEGRADED;
                    }
                    case CLOSED -> Status.HEALTHY;
                };
                for (Finding f : found) {
                    if (f.rule() == Rule.CIRCUIT_OPEN || !(f.subject().equals(p) || f.rule() == Rule.RATE_LIMITED)) continue;
                    reasons.add(f.detail());
                    if (s == Status.HEALTHY) s = Status.DEGRADED;
                }
                out.add(new Component("client/" + p, s, reasons));
            }
        }
        out.add(budgetComponent(found));
        List<String> monitor = new ArrayList<>();
        for (Finding f : found) if (f.rule() == Rule.QUALITY || f.rule() == Rule.DRIFT) monitor.add(f.detail());
        if (filled == 0) monitor.add("no generation checked yet (the quality check needs a calibration)");
        out.add(new Component("monitor", found.stream().anyMatch(f -> f.rule() == Rule.QUALITY || f.rule() == Rule.DRIFT) ? Status.DEGRADED
                : Status.HEALTHY, monitor));
        return out;
    }

    /** The worst component's state. */
    public Status overall() {
        Status s = Status.HEALTHY;
        for (Component c : components()) if (c.status().compareTo(s) > 0) s = c.status();
        return s;
    }

    private Component budgetComponent(List<Finding> found) {
        if (budget.isEmpty()) return new Component("budget", Status.HEALTHY, List.of("no hourly budget"));
        HourlyBudget b = budget.get();
        double spent = b.spentLastHour();
        String line = String.format(Locale.ROOT, "%.6f of %.6f spent in the last 60 minutes (%.0f%%)", spent, b.perHour(), 100 * spent / b.perHour());
        if (spent >= b.perHour()) return new Component("budget", Status.UNHEALTHY, List.of(line + ": calls are refused until the hour rolls"));
        boolean cost = found.stream().anyMatch(f -> f.rule() == Rule.COST);
        return new Component("budget", cost ? Status.DEGRADED : Status.HEALTHY, List.of(line));
    }

    private List<Finding> findings(Instant now) {
        List<Finding> out = new ArrayList<>();
        if (metrics != null) {
            Map<String, List<ChatMetrics.Call>> byProvider = new LinkedHashMap<>();
            metrics.circuits().keySet().forEach(p -> byProvider.put(p, new ArrayList<>()));
            for (ChatMetrics.Call c : metrics.calls(thresholds.window())) {
                if (!c.outcome().refusedLocally()) byProvider.computeIfAbsent(c.provider(), k -> new ArrayList<>()).add(c);
            }
            Map<String, ChatClient.CircuitState> circuits = metrics.circuits();
            for (var e : byProvider.entrySet()) {
                String p = e.getKey();
                List<ChatMetrics.Call> calls = e.getValue();
                if (calls.size() >= thresholds.minCalls()) {
                    long failed = calls.stream().filter(c -> c.outcome().providerFailure()).count();
                    double rate = failed / (double) calls.size();
                    if (rate > thresholds.errorRate())
                        out.add(new Finding(Rule.ERROR_RATE, p, Severity.CRITICAL, "LLM error rate high: " + p, String.format(Locale.ROOT,
                                "%d of the %d calls to %s in the last %s failed (%.1f%%, alert above %.1f%%)", failed, calls.size(), p,
                                human(thresholds.window()), 100 * rate, 100 * thresholds.errorRate())));
                    long[] nanos = calls.stream().filter(c -> c.outcome() != ChatMetrics.Outcome.CIRCUIT_OPEN)
                            .mapToLong(c -> c.duration().toNanos()).sorted().toArray();
                    if (nanos.length >= thresholds.minCalls()) {
                        Duration p95 = Duration.ofNanos(nanos[(int) Math.ceil(0.95 * nanos.length) - 1]);
                        if (p95.compareTo(thresholds.p95Latency()) > 0)
                            out.add(new Finding(Rule.LATENCY, p, Severity.WARNING, "LLM latency high: " + p, String.format(Locale.ROOT,
                                    "the 95th percentile of the %d calls to %s in the last %s took %.2f s (alert above %.2f s)", nanos.length, p,
                                    human(thresholds.window()), p95.toNanos() / 1e9, thresholds.p95Latency().toNanos() / 1e9)));
                    }
                }
                if (circuits.get(p) == ChatClient.CircuitState.OPEN)
                    out.add(new Finding(Rule.CIRCUIT_OPEN, p, Severity.CRITICAL, "LLM circuit breaker open: " + p,
                            "calls to " + p + " are refused without being sent after repeated failures, until a trial call succeeds"));
            }
            int limited = metrics.rateLimited(thresholds.window());
            if (limited > thresholds.rateLimited())
                out.add(new Finding(Rule.RATE_LIMITED, "", Severity.WARNING, "LLM calls rate limited", String.format(Locale.ROOT,
                        "%d answers of 429 (or refusals of the client's own rate limit) in the last %s (alert above %d)", limited,
                        human(thresholds.window()), thresholds.rateLimited())));
        }
        budget.ifPresent(b -> {
            double spent = b.spentLastHour();
            if (spent > thresholds.budgetShare() * b.perHour())
                out.add(new Finding(Rule.COST, "", Severity.WARNING, "LLM spend near the hourly budget", String.format(Locale.ROOT,
                        "the last 60 minutes spent %.6f of the hourly budget %.6f (%.0f%%, alert above %.0f%%)", spent, b.perHour(),
                        100 * spent / b.perHour(), 100 * thresholds.budgetShare())));
        });
        if (filled >= thresholds.minChecked()) {
            int failed = 0;
            for (int i = 0; i < filled; i++) if (checked[i]) failed++;
            double share = failed / (double) filled;
            if (share > thresholds.qualityFailures())
                out.add(new Finding(Rule.QUALITY, "", Severity.WARNING, "LLM output quality degraded", String.format(Locale.ROOT,
                        "%d of the last %d checked generations failed the quality check (%.0f%%, alert above %.0f%%)", failed, filled,
                        100 * share, 100 * thresholds.qualityFailures())));
        }
        if (lastDrift != null && now.isBefore(lastDrift.plus(thresholds.driftHold())))
            out.add(new Finding(Rule.DRIFT, "", Severity.WARNING, "LLM perplexity drift", lastDriftDetail + " (at " + lastDrift + ")"));
        return out;
    }

    private Alert alert(Instant now, Severity severity, Active a, String title, String detail, String suffix) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("rule", a.rule().label());
        if (!a.subject().isEmpty()) labels.put("provider", a.subject());
        labels.put("state", suffix.isEmpty() ? "firing" : "resolved");
        String key = SOURCE + "/" + a.rule().label() + (a.subject().isEmpty() ? "" : "/" + a.subject()) + "@" + a.since() + suffix;
        return new Alert(UUID.randomUUID().toString(), now, severity, SOURCE, title, detail, key, labels);
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** Evaluates every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized LlmHealth start(Duration period) {
        if (timer != null) return this;
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("assay-llm-health").daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(() -> {
            try {
                evaluate();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LlmHealth.class).warn("LLM alert rules failed to evaluate", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
    }

    /** The rules' names, for documentation and listings. */
    public static List<String> rules() {
        return Arrays.stream(Rule.values()).map(Rule::label).toList();
    }
}
