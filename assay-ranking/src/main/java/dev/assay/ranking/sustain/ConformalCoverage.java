package dev.assay.ranking.sustain;

import dev.assay.core.InvalidInputException;
import dev.assay.core.stats.SplitConformal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Per-slice split-conformal coverage of a {@link GainModel} (Lei et al. 2018, JASA 113:1094;
 * group-conditional "Mondrian" calibration, Vovk et al. 2005 ch. 4.5). The rows are
 * shuffled once with the seed and cut into a training part, on which the model is fitted, and
 * a held-out part split into calibration and test. Nonconformity is the absolute residual;
 * each slice's interval half-width is the core {@link SplitConformal#threshold} of that
 * slice's calibration residuals, and its coverage the share of its test residuals within it.
 * Because the split is uniformly random, the calibration and test points of a slice are a
 * uniformly random split of the slice's held-out points, so each slice (and the pooled slice
 * {@value #ALL}) is an exact split-conformal experiment. The model never sees a held-out row.
 * Each slice is judged against a {@link CoverageBand}. Cost O(n log n) plus one model fit.
 */
public final class ConformalCoverage {
    /** The name of the pooled slice. */
    public static final String ALL = "all";

    private ConformalCoverage() {}

    /** Shares of the rows: {@code train} for fitting; of the rest, {@code calibration} for calibration, the remainder for testing. */
    public record Split(double train, double calibration) {
        public Split {
            if (!(train > 0 && train < 1)) throw new InvalidInputException("training fraction must be in (0, 1), but was " + train);
            if (!(calibration > 0 && calibration < 1))
                throw new InvalidInputException("calibration fraction must be in (0, 1), but was " + calibration);
        }

        /** Rows used for training out of {@code n}. */
        public int trainingRows(int n) {
            return (int) Math.round(train * n);
        }
    }

    /**
     * Fits on the training rows and measures per-slice coverage on the held-out rows.
     *
     * @param features   one row of features per query
     * @param gain       the observed gain per query
     * @param slice      each query's slice label
     * @param sliceNames the slices in report order (every label must be among them)
     */
    public static CoverageReport evaluate(double[][] features, double[] gain, String[] slice, List<String> sliceNames,
                                          Split split, GainModel.Trainer trainer, CoverageBand band, long seed) {
        int n = gain.length;
        if (features.length != n || slice.length != n)
            throw new InvalidInputException("features, gain and slice need one entry per query, but had "
                    + features.length + ", " + n + " and " + slice.length);
        for (String s : slice)
            if (!sliceNames.contains(s)) throw new InvalidInputException("slice " + s + " is not among " + sliceNames);
        int[] order = shuffled(n, seed);
        int nTrain = split.trainingRows(n);
        int nCal = (int) Math.round(split.calibration() * (n - nTrain));
        double[][] x = new double[nTrain][];
        double[] y = new double[nTrain];
        for (int i = 0; i < nTrain; i++) {
            x[i] = features[order[i]];
            y[i] = gain[order[i]];
        }
        GainModel model = trainer.fit(x, y);
        List<SliceCoverage> out = new ArrayList<>();
        List<String> names = new ArrayList<>(sliceNames);
        names.add(ALL);
        for (String name : names) {
            double[] cal = new double[n];
            double[] test = new double[n];
            int c = 0;
            int t = 0;
            for (int r = nTrain; r < n; r++) {
                int i = order[r];
                if (!name.equals(ALL) && !name.equals(slice[i])) continue;
                double residual = Math.abs(gain[i] - model.predict(features[i]));
                if (r < nTrain + nCal) cal[c++] = residual;
                else test[t++] = residual;
            }
            out.add(judge(name, Arrays.copyOf(cal, c), Arrays.copyOf(test, t), band));
        }
        return new CoverageReport(model.describe(), nTrain, band, band.minimumCalibration(), seed, out);
    }

    /** One slice's coverage and status from its calibration and test residuals. */
    static SliceCoverage judge(String name, double[] cal, double[] test, CoverageBand band) {
        int n = cal.length;
        int m = test.length;
        double q = n == 0 ? Double.POSITIVE_INFINITY : SplitConformal.threshold(cal, band.alpha());
        double coverage = m == 0 ? Double.NaN : SplitConformal.coverage(test, q);
        double pBand = band.probabilityWithin(n);
        double pMeasured = band.probabilityMeasuredWithin(n, m);
        CoverageStatus status;
        String reason;
        if (band.rank(n) > n) {
            status = CoverageStatus.TOO_FEW_POINTS;
            reason = String.format(Locale.ROOT, "%d calibration points give an infinite interval (needs n >= 1/alpha - 1 = %.0f)",
                    n, Math.ceil(1 / band.alpha() - 1 - 1e-9));
        } else if (pBand < band.minProbability()) {
            status = CoverageStatus.TOO_FEW_POINTS;
            reason = String.format(Locale.ROOT, "P(coverage in [%.2f, %.2f]) = %.3f < %.2f with %d calibration points (needs >= %d)",
                    band.lower(), band.upper(), pBand, band.minProbability(), n, band.minimumCalibration());
        } else if (pMeasured < band.minProbability()) {
            status = CoverageStatus.TOO_FEW_POINTS;
            reason = String.format(Locale.ROOT, "P(measured coverage in [%.2f, %.2f]) = %.3f < %.2f with %d test points",
                    band.lower(), band.upper(), pMeasured, band.minProbability(), m);
        } else if (band.contains(coverage)) {
            status = CoverageStatus.OK;
            reason = String.format(Locale.ROOT, "coverage %.4f in [%.2f, %.2f]", coverage, band.lower(), band.upper());
        } else {
            status = CoverageStatus.OUT_OF_BAND;
            reason = String.format(Locale.ROOT, "coverage %.4f outside [%.2f, %.2f]%s", coverage, band.lower(), band.upper(),
                    coverage > band.upper() ? " (over-covers: tied residuals or a too-wide interval)" : " (under-covers)");
        }
        return new SliceCoverage(name, n, m, q, coverage, pBand, pMeasured, status, reason);
    }

    private static int[] shuffled(int n, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
