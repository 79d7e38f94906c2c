package dev.assay.ranking.monitor;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The JSON form of a {@link QueryObservation}:
 * {@code {"time": "2026-01-01T00:00:00Z", "gain": -0.01, "latencyMs": 120, "jaccard10": 0.8, "confidence": 0.7, "correct": true}};
 * every field but {@code time} is optional, {@code confidence} and {@code correct} go together.
 */
public final class QueryObservations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("time", "gain", "latencyMs", "jaccard10", "confidence", "correct");

    private QueryObservations() {}

    /** Reads JSON lines (blank lines skipped); the first bad line throws with its 1-based number. */
    public static List<QueryObservation> readJsonLines(BufferedReader in, String source) {
        List<QueryObservation> out = new ArrayList<>();
        int lineNo = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) continue;
                try {
                    out.add(fromJson(JSON.readTree(line), null));
                } catch (JacksonException e) {
                    throw new InvalidInputException(source + ":" + lineNo + ": not valid JSON: " + problem(e));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(source + ":" + lineNo + ": " + e.getMessage());
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(source + ":" + (lineNo + 1) + ": not UTF-8 text; expected one JSON object per line");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Parses a JSON array of observations; a missing {@code time} is the clock's now. All or nothing. */
    public static List<QueryObservation> parseArray(String body, Clock clock) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidInputException("body is not valid JSON: " + problem(e));
        }
        if (root == null || !root.isArray()) throw new InvalidInputException("body must be a JSON array of observations");
        List<QueryObservation> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                out.add(fromJson(root.get(i), clock));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("observation [" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    /** The JSON object {@link #fromJson} reads back to {@code o}. */
    public static com.fasterxml.jackson.databind.node.ObjectNode toJson(QueryObservation o) {
        var n = JSON.createObjectNode().put("time", o.time().toString());
        o.gain().ifPresent(v -> n.put("gain", v));
        o.latencyMs().ifPresent(v -> n.put("latencyMs", v));
        o.jaccardAt10().ifPresent(v -> n.put("jaccard10", v));
        o.calibration().ifPresent(c -> n.put("confidence", c.confidence()).put("correct", c.correct()));
        return n;
    }

    /** A parse error in words: the field it is in, what is wrong; without Jackson's type and feature names. */
    private static String problem(JacksonException e) {
        String field = e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p && p.getParsingContext() != null
                ? p.getParsingContext().getCurrentName() : null;
        String m = String.valueOf(e.getOriginalMessage()).replaceAll(":?\\s*enable `[^`]*` to allow", "")
                .replaceAll("`[^`]*`", "value").replaceAll("\\s+", " ").strip();
        return (field == null ? "" : "field " + field + ": ") + m;
    }

    /** One observation from its JSON object; {@code clock} supplies a missing time, or null to require it. */
    static QueryObservation fromJson(JsonNode node, Clock clock) {
        if (node == null || !node.isObject()) throw new InvalidInputException("an observation must be a JSON object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new InvalidInputException("unknown field " + f);
        }
        Instant time;
        JsonNode t = node.get("time");
        if (t == null || t.isNull()) {
            if (clock == null) throw new InvalidInputException("field time is required");
            time = clock.instant();
        } else {
            if (!t.isTextual()) throw new InvalidInputException("time must be an ISO-8601 instant string, but was " + t);
            try {
                time = Instant.parse(t.asText());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("time must be an ISO-8601 instant, but was " + t.asText());
            }
            int year = time.atOffset(ZoneOffset.UTC).getYear();
            if (year < 0 || year > 9999)
                throw new InvalidInputException("time must be in years 0000..9999, but was " + t.asText());
        }
        JsonNode confidence = node.get("confidence");
        JsonNode correct = node.get("correct");
        if ((confidence == null) != (correct == null)) throw new InvalidInputException("confidence and correct go together");
        Optional<CalibrationPair> pair = Optional.empty();
        if (confidence != null) {
            if (!correct.isBoolean()) throw new InvalidInputException("correct must be true or false, but was " + correct);
            pair = Optional.of(new CalibrationPair(number(confidence, "confidence"), correct.asBoolean()));
        }
        return new QueryObservation(time, optional(node, "gain"), optional(node, "latencyMs"), optional(node, "jaccard10"), pair);
    }

    private static OptionalDouble optional(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? OptionalDouble.empty() : OptionalDouble.of(number(n, field));
    }

    private static double number(JsonNode n, String field) {
        if (!n.isNumber()) throw new InvalidInputException(field + " must be a number, but was " + n);
        return n.asDouble();
    }
}
