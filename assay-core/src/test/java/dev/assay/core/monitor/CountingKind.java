package dev.assay.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A minimal monitor kind for the lifecycle tests: fixed windows of {@code windowSeconds}; each
 * closed window with data is recorded with its count and sum, empty windows only counted.
 * Observations are {@code {"time": ISO-8601, "value": number}}.
 */
final class CountingKind implements MonitorKind {
    static final String NAME = "test.counting";
    static final String KIND = "test.counting.window";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(JsonNode definition) {
        JsonNode w = definition.get("windowSeconds");
        if (w == null || !w.canConvertToInt() || w.asInt() < 1) throw new InvalidInputException("windowSeconds must be an integer >= 1");
    }

    @Override
    public Instant timeOf(JsonNode o) {
        if (o == null || !o.isObject() || !o.path("value").isNumber()) throw new InvalidInputException("value must be a number");
        try {
            return Instant.parse(o.path("time").asText());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("time must be an ISO-8601 instant, but was " + o.path("time"));
        }
    }

    @Override
    public MonitorInstance open(MonitorInfo monitor, Optional<JsonNode> snapshot, Clock clock) {
        long window = monitor.definition().path("windowSeconds").asLong() * 1000;
        Counting c = new Counting(monitor.id(), window, clock);
        if (snapshot.isPresent()) {
            JsonNode s = snapshot.get();
            c.closedUntil = s.path("closedUntil").asLong();
            c.late = s.path("late").asLong();
            c.empty = s.path("empty").asLong();
            s.path("open").fields().forEachRemaining(e -> c.open.put(Long.parseLong(e.getKey()),
                    new double[] {e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble()}));
        } else {
            c.closedUntil = Math.floorDiv(monitor.createdAt().toEpochMilli(), window) * window; // the first window holds its creation
        }
        return c;
    }

    private static final class Counting implements MonitorInstance {
        final String id;
        final long window;
        final Clock clock;
        final TreeMap<Long, double[]> open = new TreeMap<>();
        long closedUntil;
        long late;
        long empty;

        Counting(String id, long window, Clock clock) {
            this.id = id;
            this.window = window;
            this.clock = clock;
        }

        @Override
        public boolean observe(JsonNode o) {
            long t = Instant.parse(o.path("time").asText()).toEpochMilli();
            if (t < closedUntil) {
                late++;
                return false;
            }
            double[] cs = open.computeIfAbsent(Math.floorDiv(t, window) * window, k -> new double[2]);
            cs[0]++;
            cs[1] += o.path("value").asDouble();
            return true;
        }

        @Override
        public Optional<ClosedWindow> closeNext() {
            if (closedUntil + window > clock.millis()) return Optional.empty();
            long start = closedUntil;
            closedUntil += window;
            double[] cs = open.remove(start);
            if (cs == null) {
                empty++;
                return Optional.of(ClosedWindow.unrecorded());
            }
            ObjectNode p = JsonNodeFactory.instance.objectNode().put("start", start).put("count", (long) cs[0]).put("sum", cs[1]);
            return Optional.of(ClosedWindow.recorded(KIND, id, p));
        }

        @Override
        public JsonNode snapshot() {
            ObjectNode s = JsonNodeFactory.instance.objectNode().put("closedUntil", closedUntil).put("late", late).put("empty", empty);
            ObjectNode o = s.putObject("open");
            open.forEach((k, v) -> o.putArray(Long.toString(k)).add(v[0]).add(v[1]));
            return s;
        }

        @Override
        public Instant closedUntil() {
            return Instant.ofEpochMilli(closedUntil);
        }
    }
}
