package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;

/**
 * A confidence interval [lower, upper] for a parameter, one-sided when one end is infinite.
 *
 * @param method          how it was computed, e.g. "BCa paired bootstrap"
 * @param estimate        point estimate of the parameter
 * @param lower           lower end, {@code -Infinity} for an upper confidence bound
 * @param upper           upper end, {@code +Infinity} for a lower confidence bound
 * @param confidenceLevel nominal coverage 1 - alpha, in (0, 1)
 */
public record ConfidenceBound(String method, double estimate, double lower, double upper, double confidenceLevel) {
    public ConfidenceBound {
        if (method == null || method.isBlank()) {
            throw new InvalidInputException("method must be named, but was " + method);
        }
        if (Double.isNaN(estimate) || Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new InvalidInputException("estimate and bounds must be numbers, but were "
                    + estimate + ", [" + lower + ", " + upper + "]");
        }
        if (lower > upper) {
            throw new InvalidInputException("lower must be <= upper, but was [" + lower + ", " + upper + "]");
        }
        Checks.open01("confidenceLevel", confidenceLevel);
    }

    /** Whether {@code value} lies in [lower, upper]. */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
