package dev.assay.fingerprint.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.drift.DriftConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@code fingerprint.drift} monitor watches, resolved whole when it is defined (so later default changes do
 * not alter a running monitor): the model, its reference signature by digest with the encoder configuration hash it
 * was built under (a definition whose hash disagrees with the stored reference is refused), the window length, the
 * drift detector's settings and how many recent responses the live signature keeps.
 *
 * <p>JSON: {@code {"model", "reference": {"digest", "encoderConfigHash"}, "window": "PT5M", "drift": {"window",
 * "expectedRunLength", "seed", "shift", "calibrationStreams"}, "liveWindow"}}.
 */
public record MonitorDefinition(String model, String referenceDigest, String encoderConfigHash, Duration window, DriftConfig drift,
                                int liveWindow) {
    /** Default window: five minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Default live-signature window: the last 64 responses. */
    public static final int DEFAULT_LIVE_WINDOW = 64;
    static final int MAX_LIVE_WINDOW = 4096;
    static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    static final int MAX_MODEL = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("model", "reference", "window", "drift", "liveWindow");
    private static final Set<String> REFERENCE_KEYS = Set.of("digest", "encoderConfigHash");
    private static final Set<String> DRIFT_KEYS = Set.of("window", "expectedRunLength", "seed", "shift", "calibrationStreams");

    public MonitorDefinition {
        if (model == null || model.isBlank() || model.length() > MAX_MODEL || model.chars().anyMatch(Character::isISOControl))
            throw new InvalidInputException("a fingerprint monitor's model must be 1 to " + MAX_MODEL + " printable characters, but was "
                    + (model == null ? "missing" : "'" + (model.length() > 40 ? model.substring(0, 40) + "..." : model) + "'"));
        ReferenceStore.requireDigest(referenceDigest);
        if (encoderConfigHash == null || encoderConfigHash.isBlank())
            throw new InvalidInputException("a fingerprint monitor's reference needs its encoderConfigHash");
        Objects.requireNonNull(window, "window");
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0 || window.toMillis() * 1_000_000 != window.toNanos())
            throw new InvalidInputException("window must be a whole number of milliseconds from " + MIN_WINDOW + " to " + MAX_WINDOW
                    + ", but was " + window);
        Objects.requireNonNull(drift, "drift");
        if (liveWindow < 1 || liveWindow > MAX_LIVE_WINDOW)
            throw new InvalidInputException("liveWindow must be in [1, " + MAX_LIVE_WINDOW + "], but was " + liveWindow);
    }

    /** The definition as stored. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode().put("model", model);
        n.putObject("reference").put("digest", referenceDigest).put("encoderConfigHash", encoderConfigHash);
        n.put("window", window.toString());
        n.putObject("drift").put("window", drift.window()).put("expectedRunLength", drift.expectedRunLength()).put("seed", drift.seed())
                .put("shift", drift.shift()).put("calibrationStreams", drift.calibrationStreams());
        n.put("liveWindow", liveWindow);
        return n;
    }

    /** The definition {@link #toJson} wrote; InvalidInputException naming the field when it is not one. */
    public static MonitorDefinition fromJson(JsonNode n) {
        if (n == null || !n.isObject()) throw new InvalidInputException("a fingerprint monitor definition must be a JSON object");
        allowOnly(n, KEYS, "");
        JsonNode ref = n.get("reference");
        if (ref == null || !ref.isObject()) throw new InvalidInputException("field 'reference' must be an object {digest, encoderConfigHash}");
        allowOnly(ref, REFERENCE_KEYS, "reference.");
        JsonNode d = n.get("drift");
        if (d == null || !d.isObject()) throw new InvalidInputException("field 'drift' must be an object");
        allowOnly(d, DRIFT_KEYS, "drift.");
        Duration window;
        try {
            window = Duration.parse(text(n, "window"));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("field 'window' must be an ISO-8601 duration such as PT5M, but was '" + n.get("window").asText() + "'");
        }
        DriftConfig drift = new DriftConfig(whole(d, "drift.window"), number(d, "drift.expectedRunLength"), longValue(d, "drift.seed"),
                number(d, "drift.shift"), whole(d, "drift.calibrationStreams"));
        return new MonitorDefinition(text(n, "model"), text(ref, "reference.digest"), text(ref, "reference.encoderConfigHash"), window,
                drift, whole(n, "liveWindow"));
    }

    private static void allowOnly(JsonNode n, Set<String> keys, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) throw new InvalidInputException("unknown field '" + prefix + k + "' in a fingerprint monitor definition");
        }
    }

    private static JsonNode field(JsonNode n, String path) {
        JsonNode v = n.get(path.substring(path.lastIndexOf('.') + 1));
        if (v == null || v.isNull()) throw new InvalidInputException("field '" + path + "' is required");
        return v;
    }

    private static String text(JsonNode n, String path) {
        JsonNode v = field(n, path);
        if (!v.isTextual()) throw new InvalidInputException("field '" + path + "' must be a string");
        return v.asText();
    }

    private static int whole(JsonNode n, String path) {
        JsonNode v = field(n, path);
        if (!v.canConvertToInt() || !v.canConvertToExactIntegral())
            throw new InvalidInputException("field '" + path + "' must be a whole number, but was " + v);
        return v.asInt();
    }

    private static long longValue(JsonNode n, String path) {
        JsonNode v = field(n, path);
        if (!v.canConvertToLong() || !v.canConvertToExactIntegral())
            throw new InvalidInputException("field '" + path + "' must be a whole number, but was " + v);
        return v.asLong();
    }

    private static double number(JsonNode n, String path) {
        JsonNode v = field(n, path);
        if (!v.isNumber() || !Double.isFinite(v.asDouble()))
            throw new InvalidInputException("field '" + path + "' must be a finite number, but was " + v);
        return v.asDouble();
    }
}
