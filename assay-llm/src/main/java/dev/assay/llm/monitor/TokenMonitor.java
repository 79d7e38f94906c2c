package dev.assay.llm.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.JsonNumbers;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.alert.Severity;
import dev.assay.core.stats.KolmogorovSmirnov;
import dev.assay.core.stats.Tail;
import dev.assay.core.stats.TestResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One running {@code llm.tokens} monitor. Observations go into epoch-aligned windows of the definition's length; a
 * window closes once the clock passes its end. A window with at least {@code minResponses} responses is tested against
 * the reference perplexities (two-sample Kolmogorov-Smirnov, two-sided; exact below 10,000 pairs) and drifts when
 * {@code p <= alpha}; a window with fewer is recorded as too small to test. Idle windows are counted in the next
 * recorded one. The snapshot keeps the last recorded window for views of the monitor. Not thread-safe (the scheduler
 * drives it from one thread).
 */
final class TokenMonitor {
    /** Counter of closed windows with responses, tagged model and outcome (drift, stable, small). */
    static final String WINDOWS_METER = "assay.llm.tokens.windows";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenMonitorDefinition def;
    private final double[] reference;
    private final double referenceMedian;
    private final Clock clock;
    private final long windowMillis;
    private final AlertManager alerts;
    private final MeterRegistry meters;
    private final TreeMap<Instant, List<Double>> pending = new TreeMap<>();
    private Instant next;
    private long windows;
    private long responses;
    private long driftWindows;
    private long idleWindows;
    private ObjectNode lastWindow;

    private TokenMonitor(TokenMonitorDefinition def, Clock clock, AlertManager alerts, MeterRegistry meters, Instant next) {
        this.def = def;
        this.reference = def.reference();
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        this.referenceMedian = median(sorted);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.windowMillis = def.window().toMillis();
        this.next = floor(next);
    }

    static TokenMonitor start(TokenMonitorDefinition def, Clock clock, AlertManager alerts, MeterRegistry meters, Instant first) {
        return new TokenMonitor(def, clock, alerts, meters, first);
    }

    static TokenMonitor resume(TokenMonitorDefinition def, Clock clock, AlertManager alerts, MeterRegistry meters, JsonNode snapshot) {
        if (snapshot == null || !snapshot.isObject() || !snapshot.path("next").isTextual()) throw new InvalidInputException("not a token monitor snapshot");
        Instant next = Instant.parse(snapshot.path("next").asText());
        TokenMonitor m = new TokenMonitor(def, clock, alerts, meters, next);
        if (!m.next.equals(next)) throw new InvalidInputException("token monitor snapshot starts at " + next + ", not on a window boundary");
        m.windows = snapshot.path("windows").asLong();
        m.responses = snapshot.path("responses").asLong();
        m.driftWindows = snapshot.path("driftWindows").asLong();
        m.idleWindows = snapshot.path("idleWindows").asLong();
        if (snapshot.path("lastWindow").isObject()) m.lastWindow = ((ObjectNode) snapshot.get("lastWindow")).deepCopy();
        for (JsonNode o : snapshot.path("pending")) m.pending.computeIfAbsent(m.floor(TokenMonitorKind.time(o)), k -> new ArrayList<>())
                .add(TokenMonitorKind.perplexity(o));
        return m;
    }

    boolean observe(JsonNode observation) {
        Instant start = floor(TokenMonitorKind.time(observation));
        if (start.isBefore(next)) return false;
        pending.computeIfAbsent(start, k -> new ArrayList<>()).add(TokenMonitorKind.perplexity(observation));
        return true;
    }

    Instant closedUntil() {
        return next;
    }

    /** A closed window: its payload (empty when idle) and what to do after it commits. */
    record Closed(Optional<ObjectNode> payload, boolean drift, Runnable afterCommit) {}

    Optional<Closed> closeNext() {
        Instant end = next.plusMillis(windowMillis);
        if (end.isAfter(clock.instant())) return Optional.empty();
        Instant start = next;
        List<Double> in = pending.remove(start);
        next = end;
        windows++;
        if (in == null || in.isEmpty()) {
            idleWindows++;
            return Optional.of(new Closed(Optional.empty(), false, () -> {}));
        }
        responses += in.size();
        double[] x = in.stream().mapToDouble(Double::doubleValue).toArray();
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        ObjectNode p = JSON.createObjectNode();
        p.put("model", def.model());
        p.put("start", start.toString());
        p.put("end", end.toString());
        p.put("responses", x.length);
        p.put("responsesSoFar", responses);
        JsonNumbers.put(p, "medianPerplexity", median(sorted));
        JsonNumbers.put(p, "referenceMedianPerplexity", referenceMedian);
        p.put("referenceSize", reference.length);
        p.put("alpha", def.alpha());
        p.put("minResponses", def.minResponses());
        boolean drift = false;
        String outcome;
        if (x.length < def.minResponses()) {
            outcome = "small";
            p.put("tested", false);
            p.put("reason", x.length + " responses, fewer than the " + def.minResponses() + " a window is tested with");
        } else {
            TestResult ks = KolmogorovSmirnov.test(x, reference, Tail.TWO_SIDED);
            drift = ks.rejects(def.alpha());
            outcome = drift ? "drift" : "stable";
            p.put("tested", true);
            p.put("test", ks.method());
            JsonNumbers.put(p, "statistic", ks.statistic());
            JsonNumbers.put(p, "pValue", ks.pValue());
            p.put("reason", String.format(Locale.ROOT, "%s: D = %.4f, p = %.4g %s alpha %s; median perplexity %.4f against the reference's %.4f",
                    ks.method(), ks.statistic(), ks.pValue(), drift ? "<=" : ">", def.alpha(), median(sorted), referenceMedian));
        }
        p.put("drift", drift);
        p.put("idleWindowsBefore", idleWindows);
        idleWindows = 0;
        if (drift) driftWindows++;
        lastWindow = p.deepCopy();
        Counter.builder(WINDOWS_METER).tag("model", def.model()).tag("outcome", outcome)
                .description("token monitor windows with responses, by outcome").register(meters).increment();
        Runnable after = () -> {};
        if (drift) {
            Alert a = alert(end, p);
            after = () -> alerts.fire(a);
        }
        return Optional.of(new Closed(Optional.of(p), drift, after));
    }

    private Alert alert(Instant end, ObjectNode p) {
        String source = "llm.tokens/" + def.model();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("model", def.model());
        String detail = "the perplexity distribution of model " + def.model() + " drifted from its reference in the window " + p.path("start").asText()
                + " to " + p.path("end").asText() + " (" + p.path("responses").asInt() + " responses): " + p.path("reason").asText();
        return new Alert(source + "/drift@" + end, end, Severity.WARNING, source, "Token perplexity drift: " + def.model(), detail, source + "/drift", labels);
    }

    ObjectNode snapshot() {
        ObjectNode n = JSON.createObjectNode();
        n.put("next", next.toString());
        n.put("windows", windows);
        n.put("responses", responses);
        n.put("driftWindows", driftWindows);
        n.put("idleWindows", idleWindows);
        if (lastWindow != null) n.set("lastWindow", lastWindow.deepCopy());
        ArrayNode a = n.putArray("pending");
        for (var e : pending.entrySet()) for (double v : e.getValue()) a.add(TokenMonitorKind.observation(e.getKey(), v));
        return n;
    }

    long windows() {
        return windows;
    }

    long driftWindows() {
        return driftWindows;
    }

    private Instant floor(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), windowMillis) * windowMillis);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
