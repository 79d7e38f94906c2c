package dev.assay.core.contract;

import java.util.Objects;

/**
 * The result of one check on one window: the verdict, whether a PASS lies in the check's warning band,
 * the evidence, and a one-line human reason.
 */
public record Evaluation(String check, Verdict verdict, boolean warning, Evidence evidence, String reason) {
    public Evaluation {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(reason, "reason");
        if (warning && verdict != Verdict.PASS) {
            throw new IllegalArgumentException("only a PASS can carry a warning, but verdict was " + verdict);
        }
    }
}
