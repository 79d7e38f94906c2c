package dev.assay.ranking.router;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The distilled student: an additive model {@code r(x) = intercept + sum_j f_j(x_j)} with
 * one continuous piecewise-linear shape per feature (at most {@code segments} segments, knots
 * at input quantiles), fitted to the teacher's predictions by backfitting (Hastie and
 * Tibshirani, Generalized Additive Models, 1990, 4.3): each sweep refits every shape to the
 * partial residual of the others, projects a constrained shape onto its monotone direction
 * (pool adjacent violators on the knot values) and centres it. An additive model is what a
 * per-feature INT8 table can hold exactly; the teacher's interactions (trees deeper than one)
 * are what the distillation gives up, and the no-regret gate measures what that costs.
 */
public record AdditiveRouter(List<String> names, int[] monotone, double intercept, List<PiecewiseLinear> shapes) {
    public AdditiveRouter {
        names = List.copyOf(names);
        shapes = List.copyOf(shapes);
        monotone = monotone.clone();
        if (names.size() != shapes.size() || monotone.length != shapes.size())
            throw new InvalidInputException("one name, constraint and shape per feature are needed");
    }

    /** Distils {@code teacher} (its predictions at rows {@code x}) into per-feature shapes with knots at quantiles of x. */
    public static AdditiveRouter distil(List<String> names, int[] monotone, double[][] x, double[] teacher, int segments, int sweeps) {
        int n = x.length;
        int f = names.size();
        if (n < 2 || teacher.length != n) throw new InvalidInputException("need at least two rows with one teacher prediction each");
        if (sweeps < 1) throw new InvalidInputException("sweeps must be >= 1, but was " + sweeps);
        double[][] cols = new double[f][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) cols[j][i] = x[i][j];
        double intercept = 0;
        for (double t : teacher) intercept += t;
        intercept /= n;
        double[][] knots = new double[f][];
        PiecewiseLinear[] shape = new PiecewiseLinear[f];
        double[][] fitted = new double[f][n];
        for (int j = 0; j < f; j++) {
            knots[j] = PiecewiseLinear.quantileKnots(cols[j], segments);
            shape[j] = knots[j] == null ? flat(cols[j][0]) : new PiecewiseLinear(knots[j], new double[knots[j].length]);
        }
        double[] residual = new double[n];
        for (int s = 0; s < sweeps; s++) {
            for (int j = 0; j < f; j++) {
                if (knots[j] == null) continue;
                for (int i = 0; i < n; i++) {
                    double others = intercept;
                    for (int l = 0; l < f; l++) if (l != j) others += fitted[l][i];
                    residual[i] = teacher[i] - others;
                }
                PiecewiseLinear g = PiecewiseLinear.fit(cols[j], residual, knots[j]).monotone(monotone[j]);
                double mean = 0;
                for (int i = 0; i < n; i++) mean += g.apply(cols[j][i]);
                mean /= n;
                shape[j] = g.plus(-mean);
                for (int i = 0; i < n; i++) fitted[j][i] = shape[j].apply(cols[j][i]);
            }
        }
        return new AdditiveRouter(names, monotone, intercept, List.of(shape));
    }

    private static PiecewiseLinear flat(double at) {
        return new PiecewiseLinear(new double[] {at, at + 1}, new double[] {0, 0});
    }

    public double apply(double[] row) {
        double r = intercept;
        for (int j = 0; j < shapes.size(); j++) r += shapes.get(j).apply(row[j]);
        return r;
    }

    public double[] apply(double[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = apply(rows[i]);
        return out;
    }

    /** Each shape sampled into an INT8 table of {@code cells} equal cells over its knot range. */
    public Int8Router quantise(int cells) {
        List<Int8Table> tables = new ArrayList<>();
        for (PiecewiseLinear s : shapes) tables.add(Int8Table.of(s, cells));
        return new Int8Router(names, monotone, intercept, tables);
    }
}
