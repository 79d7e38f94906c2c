package dev.assay.ranking.router;

import dev.assay.core.AssayException;
import dev.assay.core.InvalidInputException;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The teacher: gradient-boosted regression trees (XGBoost; Chen and Guestrin 2016) with
 * monotone constraints, so that a constrained feature can only move the prediction in its
 * stated direction (each split's child weights are bounded to keep the order). Trained with
 * one thread and exact greedy splits so that the same data and seed give the same trees.
 */
public final class MonotoneGbm {
    /** Boosting settings: rounds, tree depth, learning rate, minimum hessian per leaf, L2 penalty, seed. */
    public record Params(int rounds, int maxDepth, double eta, double minChildWeight, double lambda, long seed) {
        public Params {
            if (rounds < 1) throw new InvalidInputException("rounds must be >= 1, but was " + rounds);
            if (maxDepth < 1 || maxDepth > 12) throw new InvalidInputException("max depth must be in 1..12, but was " + maxDepth);
            if (!(eta > 0 && eta <= 1)) throw new InvalidInputException("eta must be in (0, 1], but was " + eta);
            if (!(minChildWeight >= 0)) throw new InvalidInputException("min child weight must be >= 0, but was " + minChildWeight);
            if (!(lambda >= 0)) throw new InvalidInputException("lambda must be >= 0, but was " + lambda);
        }

        /** Shallow, slow and regularised: the routing data is a few hundred noisy queries at most. */
        public static Params defaults(long seed) {
            return new Params(150, 2, 0.05, 5, 1, seed);
        }
    }

    private final Booster booster;
    private final int features;

    private MonotoneGbm(Booster booster, int features) {
        this.booster = booster;
        this.features = features;
    }

    /** Fits {@code y ~ x} with {@code monotone[j]} in {-1, 0, 1} constraining feature j. */
    public static MonotoneGbm fit(double[][] x, double[] y, int[] monotone, Params p) {
        if (x.length == 0 || x.length != y.length)
            throw new InvalidInputException("need one label per row and at least one row, but had " + x.length + " rows and " + y.length + " labels");
        int f = monotone.length;
        StringJoiner constraints = new StringJoiner(",", "(", ")");
        for (int m : monotone) constraints.add(Integer.toString(m));
        float[] labels = new float[y.length];
        for (int i = 0; i < y.length; i++) labels[i] = (float) y[i];
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", p.maxDepth());
        params.put("eta", p.eta());
        params.put("min_child_weight", p.minChildWeight());
        params.put("lambda", p.lambda());
        params.put("monotone_constraints", constraints.toString());
        params.put("tree_method", "exact");
        params.put("nthread", 1);
        params.put("seed", p.seed());
        params.put("verbosity", 0);
        try {
            DMatrix train = matrix(x, f);
            try {
                train.setLabel(labels);
                return new MonotoneGbm(XGBoost.train(train, params, p.rounds(), Map.of(), null, null), f);
            } finally {
                train.dispose();
            }
        } catch (XGBoostError e) {
            throw new AssayException("XGBoost could not train the router teacher: " + e.getMessage(), e);
        }
    }

    public double[] predict(double[][] x) {
        try {
            DMatrix d = matrix(x, features);
            try {
                float[][] out = booster.predict(d);
                double[] p = new double[out.length];
                for (int i = 0; i < p.length; i++) p[i] = out[i][0];
                return p;
            } finally {
                d.dispose();
            }
        } catch (XGBoostError e) {
            throw new AssayException("XGBoost could not predict: " + e.getMessage(), e);
        }
    }

    public double predict(double[] row) {
        return predict(new double[][] {row})[0];
    }

    /** The trained model in XGBoost's own UBJSON format, loadable by any XGBoost binding. */
    public byte[] model() {
        try {
            return booster.toByteArray("ubj");
        } catch (XGBoostError e) {
            throw new AssayException("XGBoost could not serialise the model: " + e.getMessage(), e);
        }
    }

    private static DMatrix matrix(double[][] x, int f) throws XGBoostError {
        float[] flat = new float[x.length * f];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != f) throw new InvalidInputException("row " + i + " has " + x[i].length + " features, expected " + f);
            for (int j = 0; j < f; j++) flat[i * f + j] = (float) x[i][j];
        }
        return new DMatrix(flat, x.length, f, Float.NaN);
    }
}
