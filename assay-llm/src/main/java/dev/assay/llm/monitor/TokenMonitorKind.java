package dev.assay.llm.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.monitor.ClosedWindow;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.MonitorInstance;
import dev.assay.core.monitor.MonitorKind;
import dev.assay.llm.score.TokenReport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Token monitors as a core monitor kind ({@value #NAME}): stored, fed and run by the core monitor lifecycle, so they
 * survive a restart and run on one instance. A definition is a {@link TokenMonitorDefinition}; an observation is one
 * response's perplexity with its time ({@link #observation}). Each window with responses is recorded as
 * {@value #WINDOW_KIND} (subject: the model) with the drift test's numbers, and a drifted window raises an alert
 * (dedup key {@code llm.tokens/<model>/drift}, label model).
 */
public final class TokenMonitorKind implements MonitorKind {
    /** The kind's name in the store. */
    public static final String NAME = "llm.tokens";
    /** Ledger kind of one window's verdict. */
    public static final String WINDOW_KIND = "llm.tokens.window";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertManager alerts;
    private final MeterRegistry meters;

    public TokenMonitorKind(AlertManager alerts, MeterRegistry meters) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** The monitor id of {@code model}. */
    public static String id(String model) {
        return "llm.tokens/" + model;
    }

    /** The observation of a response scored as {@code report} at {@code time}. */
    public static ObjectNode observation(Instant time, TokenReport report) {
        return observation(time, report.perplexity());
    }

    /** The observation of a response of perplexity {@code perplexity} at {@code time}. */
    public static ObjectNode observation(Instant time, double perplexity) {
        return JSON.createObjectNode().put("time", Objects.requireNonNull(time, "time").toString()).put("perplexity", perplexity);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(JsonNode definition) {
        TokenMonitorDefinition.fromJson(definition);
    }

    @Override
    public Instant timeOf(JsonNode observation) {
        perplexity(observation);
        return time(observation);
    }

    @Override
    public MonitorInstance open(MonitorInfo info, Optional<JsonNode> snapshot, Clock clock) {
        TokenMonitorDefinition def = TokenMonitorDefinition.fromJson(info.definition());
        TokenMonitor m = snapshot.isPresent() ? TokenMonitor.resume(def, clock, alerts, meters, snapshot.get())
                : TokenMonitor.start(def, clock, alerts, meters, info.createdAt());
        return new Instance(m, def.model());
    }

    /** The observation's time; InvalidInputException when it has none. */
    static Instant time(JsonNode o) {
        JsonNode t = o == null ? null : o.get("time");
        if (t == null || !t.isTextual()) throw new InvalidInputException("an observation needs a 'time' (ISO-8601, e.g. 2025-01-01T00:00:00Z)");
        try {
            return Instant.parse(t.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("an observation's 'time' must be ISO-8601 such as 2025-01-01T00:00:00Z");
        }
    }

    /** The observation's perplexity; InvalidInputException when it is missing or not a finite number >= 1. */
    static double perplexity(JsonNode o) {
        if (o == null || !o.isObject()) throw new InvalidInputException("an observation must be a JSON object {time, perplexity}");
        JsonNode p = o.get("perplexity");
        if (p == null || !p.isNumber() || !Double.isFinite(p.asDouble()) || p.asDouble() < 1)
            throw new InvalidInputException("an observation's 'perplexity' must be a finite number >= 1, but was " + (p == null ? "missing" : p.toString()));
        return p.asDouble();
    }

    private record Instance(TokenMonitor monitor, String subject) implements MonitorInstance {
        @Override
        public boolean observe(JsonNode observation) {
            return monitor.observe(observation);
        }

        @Override
        public Optional<ClosedWindow> closeNext() {
            return monitor.closeNext().map(c -> new ClosedWindow(c.payload().map(p -> new ClosedWindow.Entry(WINDOW_KIND, subject, p)), c.afterCommit()));
        }

        @Override
        public JsonNode snapshot() {
            return monitor.snapshot();
        }

        @Override
        public Instant closedUntil() {
            return monitor.closedUntil();
        }
    }
}
