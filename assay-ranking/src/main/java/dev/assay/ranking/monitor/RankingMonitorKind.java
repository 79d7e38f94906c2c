package dev.assay.ranking.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.assay.core.InvalidInputException;
import dev.assay.core.monitor.ClosedWindow;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.MonitorInstance;
import dev.assay.core.monitor.MonitorKind;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Ranking monitors as a core monitor kind: stored, fed and run by the core monitor lifecycle
 * ({@code dev.assay.core.monitor}), so they survive a restart and run on one instance. A definition
 * is {@code {"model", "version", "limits": {every MonitorConfig key}}} with the limits fully
 * resolved when it is made, so a later change of the service's defaults does not change a running
 * monitor; the version must be a SHADOW, CANARY or AB candidate then. Observations are the JSON
 * objects of {@link QueryObservations} with their time.
 */
public final class RankingMonitorKind implements MonitorKind {
    /** The kind's name in the store. */
    public static final String NAME = "ranking.release";
    private static final ObjectMapper LIMITS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private final MonitorSinks sinks;

    public RankingMonitorKind(MonitorSinks sinks) {
        this.sinks = Objects.requireNonNull(sinks, "sinks");
    }

    /** The monitor id of {@code model}/{@code version}. */
    public static String id(String model, String version) {
        return "ranking/" + model + "/" + version;
    }

    /** The definition of a monitor of {@code model}/{@code version} with {@code limits}. */
    public static ObjectNode definition(String model, String version, MonitorConfig limits) {
        ObjectNode d = LIMITS.createObjectNode().put("model", model).put("version", version);
        d.set("limits", LIMITS.valueToTree(limits));
        return d;
    }

    /** The limits stored in a definition. */
    public static MonitorConfig limits(JsonNode definition) {
        JsonNode l = definition.get("limits");
        if (l == null || !l.isObject()) throw new InvalidInputException("a ranking monitor definition needs an object 'limits'");
        return MonitorConfig.parse(l.toString());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(JsonNode definition) {
        String model = text(definition, "model");
        String version = text(definition, "version");
        limits(definition);
        RankingMonitor.requireCandidate(sinks.registry(), model, version);
    }

    @Override
    public Instant timeOf(JsonNode observation) {
        return QueryObservations.fromJson(observation, null).time();
    }

    @Override
    public MonitorInstance open(MonitorInfo info, Optional<JsonNode> snapshot, Clock clock) {
        String model = text(info.definition(), "model");
        String version = text(info.definition(), "version");
        MonitorConfig limits = limits(info.definition());
        RankingMonitor m = snapshot.isPresent()
                ? RankingMonitor.resume(model, version, limits, clock, sinks, RankingMonitor.Snapshot.fromJson(snapshot.get()))
                : RankingMonitor.startAt(model, version, limits, clock, sinks, info.createdAt());
        return new Instance(m, model + "/" + version);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank())
            throw new InvalidInputException("a ranking monitor definition needs a text '" + field + "'");
        return v.asText();
    }

    private record Instance(RankingMonitor monitor, String subject) implements MonitorInstance {
        @Override
        public boolean observe(JsonNode observation) {
            return monitor.observe(QueryObservations.fromJson(observation, null));
        }

        @Override
        public Optional<ClosedWindow> closeNext() {
            return monitor.closeNext().map(c -> new ClosedWindow(
                    c.entry().map(p -> new ClosedWindow.Entry(RankingMonitor.WINDOW_KIND, subject, p)), c.afterRecord()));
        }

        @Override
        public JsonNode snapshot() {
            return monitor.snapshot().toJson();
        }

        @Override
        public Instant closedUntil() {
            return monitor.closedUntil();
        }
    }
}
