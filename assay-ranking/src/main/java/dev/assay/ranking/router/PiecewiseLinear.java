package dev.assay.ranking.router;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * A continuous piecewise-linear function of one input with fixed breakpoints (knots),
 * fitted by least squares on the hinge basis {1, x, (x - k_1)+, ..., (x - k_{s-1})+}
 * (a linear regression spline; Hastie, Tibshirani and Friedman, ESL 5.2). Knots sit at
 * input quantiles so each segment holds about the same number of points. Outside the
 * outer breakpoints the end segments' values are held constant. When the teacher is
 * monotone, {@link #monotone} projects the knot values onto non-decreasing sequences with
 * pool-adjacent-violators (isotonic regression), which keeps a continuous PWL monotone.
 */
public record PiecewiseLinear(double[] breakpoints, double[] values) {
    public PiecewiseLinear {
        if (breakpoints.length < 2 || breakpoints.length != values.length)
            throw new IllegalArgumentException("a piecewise-linear function needs >= 2 breakpoints with one value each, but had "
                    + breakpoints.length + " and " + values.length);
        for (int i = 1; i < breakpoints.length; i++)
            if (!(breakpoints[i] > breakpoints[i - 1]))
                throw new IllegalArgumentException("breakpoints must increase strictly, but " + breakpoints[i - 1] + " >= " + breakpoints[i]);
        breakpoints = breakpoints.clone();
        values = values.clone();
    }

    /** Fits {@code segments} segments to (x, y) by least squares; knots at equally spaced quantiles of x. */
    public static PiecewiseLinear fit(double[] x, double[] y, int segments) {
        if (x.length != y.length) throw new InvalidInputException("x and y must have equal lengths");
        double[] knots = quantileKnots(x, segments);
        if (knots == null || knots.length != segments + 1)
            throw new InvalidInputException("too few distinct inputs for " + segments + " segments (quantile knots coincide)");
        return fit(x, y, knots);
    }

    /**
     * Up to {@code segments} segments with knots at equally spaced quantiles of x, coincident
     * quantiles merged (so heavily tied inputs get fewer segments); null when x has one distinct value.
     */
    public static double[] quantileKnots(double[] x, int segments) {
        if (segments < 1) throw new InvalidInputException("segments must be >= 1, but was " + segments);
        if (x.length == 0) throw new InvalidInputException("need at least one input");
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double[] knots = new double[segments + 1];
        int m = 0;
        for (int j = 0; j <= segments; j++) {
            double k = sorted[(int) Math.round((double) j * (sorted.length - 1) / segments)];
            if (m == 0 || k > knots[m - 1]) knots[m++] = k;
        }
        return m < 2 ? null : Arrays.copyOf(knots, m);
    }

    /** Fits the continuous piecewise-linear function with the given knots to (x, y) by least squares. */
    public static PiecewiseLinear fit(double[] x, double[] y, double[] knots) {
        if (x.length != y.length) throw new InvalidInputException("x and y must have equal lengths");
        int segments = knots.length - 1;
        if (segments < 1) throw new InvalidInputException("need at least two knots, but had " + knots.length);
        if (x.length < segments + 1) throw new InvalidInputException("need at least " + (segments + 1) + " points, but had " + x.length);
        int p = segments + 1;
        RealMatrix a = new Array2DRowRealMatrix(x.length, p);
        for (int i = 0; i < x.length; i++) {
            double xi = clamp(x[i], knots[0], knots[segments]);
            a.setEntry(i, 0, 1);
            a.setEntry(i, 1, xi - knots[0]);
            for (int j = 1; j < segments; j++) a.setEntry(i, j + 1, Math.max(0, xi - knots[j]));
        }
        RealVector coef = new QRDecomposition(a).getSolver().solve(new ArrayRealVector(y));
        double[] values = new double[p];
        for (int j = 0; j <= segments; j++) {
            double v = coef.getEntry(0) + coef.getEntry(1) * (knots[j] - knots[0]);
            for (int m = 1; m < segments; m++) v += coef.getEntry(m + 1) * Math.max(0, knots[j] - knots[m]);
            values[j] = v;
        }
        return new PiecewiseLinear(knots, values);
    }

    /** The closest non-decreasing knot values (pool adjacent violators, equal weights). */
    public PiecewiseLinear monotone() {
        int n = values.length;
        double[] level = new double[n];
        int[] width = new int[n];
        int blocks = 0;
        for (double v : values) {
            level[blocks] = v;
            width[blocks] = 1;
            blocks++;
            while (blocks > 1 && level[blocks - 2] > level[blocks - 1]) {
                double merged = (level[blocks - 2] * width[blocks - 2] + level[blocks - 1] * width[blocks - 1])
                        / (width[blocks - 2] + width[blocks - 1]);
                width[blocks - 2] += width[blocks - 1];
                level[blocks - 2] = merged;
                blocks--;
            }
        }
        double[] out = new double[n];
        for (int b = 0, i = 0; b < blocks; b++) for (int w = 0; w < width[b]; w++) out[i++] = level[b];
        return new PiecewiseLinear(breakpoints, out);
    }

    /** Monotone in {@code direction}: non-decreasing for 1, non-increasing for -1, unchanged for 0. */
    public PiecewiseLinear monotone(int direction) {
        return switch (direction) {
            case 1 -> monotone();
            case 0 -> this;
            case -1 -> negate().monotone().negate();
            default -> throw new IllegalArgumentException("direction must be -1, 0 or 1, but was " + direction);
        };
    }

    private PiecewiseLinear negate() {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) v[i] = -v[i];
        return new PiecewiseLinear(breakpoints, v);
    }

    /** The same function shifted by {@code c}. */
    public PiecewiseLinear plus(double c) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) v[i] += c;
        return new PiecewiseLinear(breakpoints, v);
    }

    public double apply(double x) {
        if (x <= breakpoints[0]) return values[0];
        int last = breakpoints.length - 1;
        if (x >= breakpoints[last]) return values[last];
        int j = Arrays.binarySearch(breakpoints, x);
        if (j >= 0) return values[j];
        int hi = -j - 1;
        int lo = hi - 1;
        double t = (x - breakpoints[lo]) / (breakpoints[hi] - breakpoints[lo]);
        return values[lo] + t * (values[hi] - values[lo]);
    }

    public int segments() {
        return breakpoints.length - 1;
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiecewiseLinear p && Arrays.equals(p.breakpoints, breakpoints) && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(breakpoints) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PiecewiseLinear[" + segments() + " segments on " + breakpoints[0] + ".." + breakpoints[breakpoints.length - 1] + "]";
    }
}
