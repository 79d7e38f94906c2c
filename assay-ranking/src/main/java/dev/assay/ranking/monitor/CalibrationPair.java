package dev.assay.ranking.monitor;

import dev.assay.core.InvalidInputException;

/** The confidence a ranker gave its answer, in [0, 1], and whether the answer was correct. */
public record CalibrationPair(double confidence, boolean correct) {
    public CalibrationPair {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new InvalidInputException("confidence must be in [0, 1], but was " + confidence);
        }
    }
}
