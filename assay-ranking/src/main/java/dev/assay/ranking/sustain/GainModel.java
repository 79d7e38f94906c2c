package dev.assay.ranking.sustain;

/**
 * A predictor of the per-query gain of upshifting (stronger ranker's measure minus the first
 * stage's) from the query's context features, as the router sees them before deciding.
 * Ordinary least squares is built in; a GBM router model plugs in through {@link Trainer}.
 */
public interface GainModel {
    /** The predicted gain for one query's features. */
    double predict(double[] features);

    /** What the model is, with its fitted parameters, for the report. */
    String describe();

    /** Fits a model on training rows {@code x} (one row of features per query) and gains {@code y}. */
    @FunctionalInterface
    interface Trainer {
        GainModel fit(double[][] x, double[] y);

        /** The smallest training set the trainer accepts for {@code features} features. */
        default int minimumRows(int features) {
            return features + 2;
        }
    }

    /** Ordinary least squares with an intercept (Hipparchus {@code OLSMultipleLinearRegression}, QR decomposition). */
    static Trainer ols() {
        return OlsGainModel::fit;
    }
}
