package dev.assay.fingerprint.drift;

import dev.assay.core.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The type of a drift with the evidence behind it.
 *
 * @param type       the drift type
 * @param confidence in [0, 1]: how clearly the deciding evidence met its rule (a heuristic score, not a probability);
 *                   halved when no rule held and the type is a best guess
 * @param evidence   every number the rules looked at, by name (for example {@code changepoint.t}, {@code trend.mk.z},
 *                   {@code acf.peak}, {@code adversarial.driveShare}); NaN where not computable; in computation order
 * @param reason     one sentence saying which rule decided and on what numbers
 */
public record DriftVerdict(DriftType type, double confidence, Map<String, Double> evidence, String reason) {
    public DriftVerdict {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new InvalidInputException("confidence must be in [0, 1], but was " + confidence);
        }
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(evidence, "evidence")));
    }
}
