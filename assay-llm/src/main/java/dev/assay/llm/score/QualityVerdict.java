package dev.assay.llm.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.JsonNumbers;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link QualityCheck}'s answer for one response.
 *
 * @param status             PASS, or FAIL when some statistic exceeded its threshold
 * @param reasons            one line per exceeded statistic ("perplexity 3.41 > 2.87, the reference's 0.95 quantile"); empty on PASS
 * @param values             per gated statistic, the response's value
 * @param calibrationVersion the version of the calibration that judged
 */
public record QualityVerdict(Status status, List<String> reasons, Map<Statistic, Double> values, String calibrationVersion) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the response is within the calibrated thresholds. */
    public enum Status { PASS, FAIL }

    public QualityVerdict {
        Objects.requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
        values = Collections.unmodifiableMap(new EnumMap<>(values));
        Objects.requireNonNull(calibrationVersion, "calibrationVersion");
        if ((status == Status.FAIL) == reasons.isEmpty()) throw new IllegalArgumentException("a FAIL has reasons and a PASS has none");
    }

    public boolean passed() {
        return status == Status.PASS;
    }

    /** {@code {"status", "reasons", "values": {...}, "calibration"}}. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", status.name());
        var r = n.putArray("reasons");
        reasons.forEach(r::add);
        ObjectNode v = n.putObject("values");
        for (var e : values.entrySet()) JsonNumbers.put(v, e.getKey().key(), e.getValue());
        n.put("calibration", calibrationVersion);
        return n;
    }
}
