package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;

/** Argument checks shared by the statistics package; every failure is an {@link InvalidInputException} naming the bad value. */
final class Checks {
    private Checks() {
    }

    /** Requires a non-null, non-empty array of finite values, of at least {@code minLength} elements. */
    static double[] finite(String name, double[] values, int minLength) {
        if (values == null) {
            throw new InvalidInputException(name + " must not be null");
        }
        if (values.length < minLength) {
            throw new InvalidInputException(name + " must hold at least " + minLength
                    + (minLength == 1 ? " value" : " values") + ", but had " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidInputException(name + "[" + i + "] must be finite, but was " + values[i]);
            }
        }
        return values;
    }

    /** Requires both arrays to have the same length. */
    static void sameLength(String a, double[] x, String b, double[] y) {
        if (x.length != y.length) {
            throw new InvalidInputException(a + " and " + b + " must have the same length, but had "
                    + x.length + " and " + y.length);
        }
    }

    /** Requires {@code 0 < alpha < 1}. */
    static double alpha(double alpha) {
        return open01("alpha", alpha);
    }

    /** Requires {@code 0 < value < 1}. */
    static double open01(String name, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw new InvalidInputException(name + " must be in (0, 1), but was " + value);
        }
        return value;
    }

    /** Requires {@code value >= min}. */
    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new InvalidInputException(name + " must be >= " + min + ", but was " + value);
        }
        return value;
    }

    /** Requires a finite {@code value > 0}. */
    static double positive(String name, double value) {
        if (!(value > 0.0) || !Double.isFinite(value)) {
            throw new InvalidInputException(name + " must be finite and > 0, but was " + value);
        }
        return value;
    }

    /** Requires a non-null argument. */
    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new InvalidInputException(name + " must not be null");
        }
        return value;
    }
}
