package dev.assay.fingerprint.export;

import java.util.Objects;

/**
 * A device's verdict on candidate responses: {@link Outcome#MATCH} when their score reaches the threshold
 * calibrated for {@code calibratedK} responses (the largest calibrated size not above {@code responses}).
 */
public record EdgeDecision(Outcome outcome, double score, double threshold, int calibratedK, int responses) {
    /** Whether the candidate responses look like the packaged model's. */
    public enum Outcome { MATCH, NO_MATCH }

    public EdgeDecision {
        Objects.requireNonNull(outcome, "outcome");
    }

    public boolean matches() {
        return outcome == Outcome.MATCH;
    }
}
