package dev.assay.ranking.sustain;

import dev.assay.core.contract.Verdict;
import dev.assay.ranking.confounding.ConfoundingReport;
import dev.assay.ranking.release.ReleaseReport;
import java.util.Objects;

/**
 * The audit step: the release contract's quality guard of candidate against production,
 * re-evaluated, and the confounding analysis of the routing decisions the refreshed gating
 * makes. {@code treated} queries are upshifted; {@code replayEffect} is the mean gain of
 * upshifting over the units in strata with both arms, known exactly offline because both
 * runs answered every topic, so it is what the stratified estimate should recover. Only the
 * release verdict decides the audit; the confounding numbers are diagnostics.
 */
public record Audit(ReleaseReport release, ConfoundingReport confounding, int treated, double replayEffect) {
    public Audit {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(confounding, "confounding");
    }

    public Verdict verdict() {
        return release.verdict();
    }
}
