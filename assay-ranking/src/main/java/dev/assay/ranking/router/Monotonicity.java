package dev.assay.ranking.router;

import java.util.function.DoubleUnaryOperator;

/** Checks that a policy is still monotone after compression, on a dense grid. */
final class Monotonicity {
    private Monotonicity() {}

    /** The first grid point where {@code f} decreases by more than {@code tolerance}, or NaN when it never does. */
    public static double firstViolation(DoubleUnaryOperator f, double lo, double hi, int points, double tolerance) {
        if (points < 2) throw new IllegalArgumentException("points must be >= 2, but was " + points);
        double[] v = new double[points];
        for (int i = 0; i < points; i++) v[i] = f.applyAsDouble(gridPoint(lo, hi, points, i));
        int at = firstDecrease(v, 0, points, 1, tolerance);
        return at < 0 ? Double.NaN : gridPoint(lo, hi, points, at);
    }

    /**
     * The first index in (from, to) where {@code direction * values} falls by more than
     * {@code tolerance} from the index before it, or -1 when it never does; direction 1
     * checks non-decreasing, -1 non-increasing.
     */
    public static int firstDecrease(double[] values, int from, int to, int direction, double tolerance) {
        for (int i = from + 1; i < to; i++) if (direction * (values[i] - values[i - 1]) < -tolerance) return i;
        return -1;
    }

    /** Point {@code i} of {@code points} equally spaced over [lo, hi]. */
    public static double gridPoint(double lo, double hi, int points, int i) {
        return lo + (hi - lo) * i / (points - 1);
    }
}
