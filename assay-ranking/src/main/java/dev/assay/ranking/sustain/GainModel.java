package dev.assay.ranking.sustain;

import dev.assay.ranking.router.MonotoneGbm;

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

    /** The router's teacher: a monotone GBM ({@link MonotoneGbm}) with {@code monotone[j]} constraining feature j. */
    static Trainer gbm(int[] monotone, MonotoneGbm.Params params) {
        int[] constraints = monotone.clone();
        return new Trainer() {
            @Override
            public GainModel fit(double[][] x, double[] y) {
                MonotoneGbm m = MonotoneGbm.fit(x, y, constraints, params);
                String text = String.format(java.util.Locale.ROOT, "monotone GBM (XGBoost, %d rounds, depth %d, eta %s, constraints %s)",
                        params.rounds(), params.maxDepth(), params.eta(), java.util.Arrays.toString(constraints));
                return new GainModel() {
                    @Override
                    public double predict(double[] features) {
                        return m.predict(features);
                    }

                    @Override
                    public String describe() {
                        return text;
                    }
                };
            }

            @Override
            public int minimumRows(int features) {
                return 10;
            }
        };
    }
}
