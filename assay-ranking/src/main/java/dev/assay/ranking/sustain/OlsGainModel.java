package dev.assay.ranking.sustain;

import dev.assay.core.InvalidInputException;
import java.util.Locale;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.stat.regression.OLSMultipleLinearRegression;

/** Gain = b0 + sum_j b_j x_j, fitted by least squares (QR, so no normal equations). */
final class OlsGainModel implements GainModel {
    private final double[] beta;

    private OlsGainModel(double[] beta) {
        this.beta = beta;
    }

    static GainModel fit(double[][] x, double[] y) {
        if (x.length != y.length) throw new InvalidInputException("OLS needs one target per row, but had " + x.length + " rows and " + y.length + " targets");
        int p = x.length == 0 ? 0 : x[0].length;
        if (x.length < p + 2)
            throw new InvalidInputException("OLS with " + p + " features needs at least " + (p + 2) + " rows, but had " + x.length);
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        try {
            ols.newSampleData(y, x);
            return new OlsGainModel(ols.estimateRegressionParameters());
        } catch (MathIllegalArgumentException e) {
            throw new InvalidInputException("OLS: the training features are collinear (" + e.getMessage() + ")");
        }
    }

    @Override
    public double predict(double[] features) {
        if (features.length != beta.length - 1)
            throw new InvalidInputException("the model takes " + (beta.length - 1) + " features, but got " + features.length);
        double v = beta[0];
        for (int j = 0; j < features.length; j++) v += beta[j + 1] * features[j];
        return v;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("OLS: gain = ").append(String.format(Locale.ROOT, "%.6f", beta[0]));
        for (int j = 1; j < beta.length; j++) sb.append(String.format(Locale.ROOT, " %+.6f*x%d", beta[j], j));
        return sb.toString();
    }
}
