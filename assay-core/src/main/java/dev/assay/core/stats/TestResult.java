package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;

/**
 * Outcome of a hypothesis test: the test statistic, its p-value and the method that produced them.
 *
 * @param method    human-readable name of the test, as R prints it where R has the test
 * @param tail      direction of the alternative hypothesis
 * @param statistic value of the test statistic (its meaning is stated by the method)
 * @param pValue    p-value in [0, 1]
 */
public record TestResult(String method, Tail tail, double statistic, double pValue) {
    public TestResult {
        if (method == null || method.isBlank()) {
            throw new InvalidInputException("method must be named, but was " + method);
        }
        if (tail == null) {
            throw new InvalidInputException("tail must not be null");
        }
        if (Double.isNaN(statistic)) {
            throw new InvalidInputException("statistic must be a number, but was NaN");
        }
        if (!(pValue >= 0.0 && pValue <= 1.0)) {
            throw new InvalidInputException("pValue must be in [0, 1], but was " + pValue);
        }
    }

    /** Whether the null hypothesis is rejected at level {@code alpha}, i.e. {@code pValue <= alpha}. */
    public boolean rejects(double alpha) {
        return pValue <= Checks.alpha(alpha);
    }
}
