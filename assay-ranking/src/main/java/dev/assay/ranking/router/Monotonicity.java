package dev.assay.ranking.router;

import java.util.function.DoubleUnaryOperator;

/** Checks that a compressed policy is still non-decreasing, on a dense grid. */
public final class Monotonicity {
    private Monotonicity() {}

    /** The first grid point where {@code f} decreases by more than {@code tolerance}, or NaN when it never does. */
    public static double firstViolation(DoubleUnaryOperator f, double lo, double hi, int points, double tolerance) {
        if (points < 2) throw new IllegalArgumentException("points must be >= 2, but was " + points);
        double prev = f.applyAsDouble(lo);
        for (int i = 1; i < points; i++) {
            double x = lo + (hi - lo) * i / (points - 1);
            double v = f.applyAsDouble(x);
            if (v < prev - tolerance) return x;
            prev = v;
        }
        return Double.NaN;
    }
}
