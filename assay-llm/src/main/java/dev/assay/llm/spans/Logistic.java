package dev.assay.llm.spans;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealVector;

/**
 * L2-regularised logistic regression with soft targets in [0, 1] and a weight per row, fitted by Newton's method on
 * standardised features (the bias is not penalised). Deterministic: no random start, no sampling.
 */
final class Logistic {
    static final double DEFAULT_L2 = 1.0;
    static final int MAX_ITERATIONS = 50;

    final double[] mean;
    final double[] sd;
    final double[] weights;
    final double bias;

    Logistic(double[] mean, double[] sd, double[] weights, double bias) {
        this.mean = mean.clone();
        this.sd = sd.clone();
        this.weights = weights.clone();
        this.bias = bias;
    }

    double probability(double[] x) {
        double s = bias;
        for (int j = 0; j < weights.length; j++) s += weights[j] * (x[j] - mean[j]) / sd[j];
        return 1 / (1 + Math.exp(-s));
    }

    static Logistic fit(double[][] x, double[] y, double l2) {
        double[] ones = new double[x.length];
        java.util.Arrays.fill(ones, 1);
        return fit(x, y, ones, l2);
    }

    /** Fits the model with row i counting {@code weight[i]} times in the loss (the standardisation is unweighted). */
    static Logistic fit(double[][] x, double[] y, double[] weight, double l2) {
        if (weight.length != x.length) throw new IllegalArgumentException("one weight per row");
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
        for (double[] row : x) for (int j = 0; j < d; j++) sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) < 1e-9 ? 1 : Math.sqrt(sd[j]);
        double[][] z = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) z[i][j] = (x[i][j] - mean[j]) / sd[j];
            z[i][d] = 1;
        }
        double[] w = new double[d + 1];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] g = new double[d + 1];
            double[][] h = new double[d + 1][d + 1];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j <= d; j++) s += w[j] * z[i][j];
                double p = 1 / (1 + Math.exp(-s));
                double r = (p - y[i]) * weight[i];
                double v = Math.max(p * (1 - p), 1e-9) * weight[i];
                for (int j = 0; j <= d; j++) {
                    g[j] += r * z[i][j];
                    for (int k = 0; k <= j; k++) h[j][k] += v * z[i][j] * z[i][k];
                }
            }
            for (int j = 0; j <= d; j++) for (int k = 0; k < j; k++) h[k][j] = h[j][k];
            for (int j = 0; j < d; j++) {
                g[j] += l2 * w[j];
                h[j][j] += l2;
            }
            h[d][d] += 1e-9;
            RealVector step = new CholeskyDecomposition(new Array2DRowRealMatrix(h, false)).getSolver().solve(new ArrayRealVector(g, false));
            double size = 0;
            for (int j = 0; j <= d; j++) {
                w[j] -= step.getEntry(j);
                size = Math.max(size, Math.abs(step.getEntry(j)));
            }
            if (size < 1e-8) break;
        }
        double[] weights = java.util.Arrays.copyOf(w, d);
        return new Logistic(mean, sd, weights, w[d]);
    }
}
