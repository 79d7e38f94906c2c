package dev.assay.agent.learned;

import dev.assay.core.InvalidInputException;

/**
 * L2-regularised logistic regression, fitted by full-batch gradient descent on standardised features (mean 0,
 * standard deviation 1 on the training set). Deterministic: the same data give the same weights.
 */
public final class LogisticModel {
    public static final double DEFAULT_L2 = 0.05;
    public static final int DEFAULT_ITERATIONS = 300;
    public static final double DEFAULT_LEARNING_RATE = 0.5;

    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;

    private LogisticModel(double[] mean, double[] scale, double[] weights, double bias) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    public static LogisticModel fit(double[][] x, boolean[] unsafe) {
        return fit(x, unsafe, DEFAULT_L2, DEFAULT_ITERATIONS, DEFAULT_LEARNING_RATE);
    }

    /** Minimises mean log-loss + (l2 / 2) |w|^2 (the bias is not penalised). */
    public static LogisticModel fit(double[][] x, boolean[] unsafe, double l2, int iterations, double learningRate) {
        int n = x.length;
        if (n == 0 || n != unsafe.length) throw new InvalidInputException("need as many labels as rows, and at least one row");
        if (!(l2 >= 0) || iterations < 1 || !(learningRate > 0)) throw new InvalidInputException("l2 >= 0, iterations >= 1 and learningRate > 0 are required");
        int d = x[0].length;
        double[] mean = new double[d], scale = new double[d];
        for (double[] row : x) {
            if (row.length != d) throw new InvalidInputException("rows differ in length");
            for (int j = 0; j < d; j++) mean[j] += row[j] / n;
        }
        for (double[] row : x) for (int j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
        for (int j = 0; j < d; j++) scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) z[i][j] = (x[i][j] - mean[j]) / scale[j];
        double[] w = new double[d];
        double b = 0;
        double[] grad = new double[d];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(grad, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double err = sigmoid(b + dot(w, z[i])) - (unsafe[i] ? 1 : 0);
                gb += err / n;
                for (int j = 0; j < d; j++) grad[j] += err * z[i][j] / n;
            }
            for (int j = 0; j < d; j++) w[j] -= learningRate * (grad[j] + l2 * w[j]);
            b -= learningRate * gb;
        }
        return new LogisticModel(mean, scale, w, b);
    }

    /** P(unsafe) for one row of features. */
    public double pUnsafe(double[] row) {
        if (row.length != weights.length) throw new InvalidInputException("expected " + weights.length + " features, got " + row.length);
        double s = bias;
        for (int j = 0; j < row.length; j++) s += weights[j] * (row[j] - mean[j]) / scale[j];
        return sigmoid(s);
    }

    private static double sigmoid(double s) {
        return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
