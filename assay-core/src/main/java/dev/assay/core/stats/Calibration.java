package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Calibration error of a classifier's confidence (the probability it gave its predicted label) against
 * whether the prediction was correct: ECE with equal-width bins (Naeini, Cooper and Hauskrecht 2015;
 * Guo et al. 2017) or adaptive ECE with equal-mass bins (Nixon et al. 2019, "Measuring Calibration in
 * Deep Learning"). Equal-mass bin b holds the sorted predictions [floor(b N / K), floor((b+1) N / K)),
 * ties kept in input order (a stable sort). The binned estimate is biased upward (Kumar, Liang and
 * Ma 2019): for a perfectly calibrated model with equal-mass bins the bias is at most about
 * sqrt(K / (2 pi N)), the mean absolute deviation of K binomial proportions, so compare models at the
 * same K and N. O(N) for equal width, O(N log N) for equal mass.
 */
public final class Calibration {
    private Calibration() {
    }

    /** Calibration error of {@code confidence[i]} in [0, 1] against {@code correct[i]}, over K = {@code bins} bins. */
    public static CalibrationError error(double[] confidence, boolean[] correct, Binning binning, int bins) {
        Checks.finite("confidence", confidence, 1);
        Checks.notNull("correct", correct);
        Checks.notNull("binning", binning);
        Checks.atLeast("bins", bins, 1);
        if (confidence.length != correct.length) {
            throw new InvalidInputException("confidence and correct must have the same length, but had "
                    + confidence.length + " and " + correct.length);
        }
        for (int i = 0; i < confidence.length; i++) {
            if (confidence[i] < 0.0 || confidence[i] > 1.0) {
                throw new InvalidInputException("confidence[" + i + "] must be in [0, 1], but was " + confidence[i]);
            }
        }
        int n = confidence.length;
        int[] binOf = new int[n];
        double[] lower = new double[bins];
        double[] upper = new double[bins];
        switch (binning) {
            case EQUAL_WIDTH -> {
                for (int i = 0; i < n; i++) {
                    binOf[i] = Math.min(bins - 1, (int) Math.floor(confidence[i] * bins));
                }
                for (int b = 0; b < bins; b++) {
                    lower[b] = (double) b / bins;
                    upper[b] = (double) (b + 1) / bins;
                }
            }
            case EQUAL_MASS -> {
                int[] order = Ranks.sortedOrder(confidence);
                Arrays.fill(lower, Double.NaN);
                Arrays.fill(upper, Double.NaN);
                for (int b = 0; b < bins; b++) {
                    int from = (int) ((long) b * n / bins);
                    int to = (int) ((long) (b + 1) * n / bins);
                    for (int r = from; r < to; r++) {
                        binOf[order[r]] = b;
                    }
                    if (to > from) {
                        lower[b] = confidence[order[from]];
                        upper[b] = confidence[order[to - 1]];
                    }
                }
            }
        }
        int[] count = new int[bins];
        double[] confidenceSum = new double[bins];
        int[] correctCount = new int[bins];
        for (int i = 0; i < n; i++) {
            int b = binOf[i];
            count[b]++;
            confidenceSum[b] += confidence[i];
            if (correct[i]) {
                correctCount[b]++;
            }
        }
        List<CalibrationError.Bin> result = new ArrayList<>(bins);
        double ece = 0.0;
        double mce = 0.0;
        for (int b = 0; b < bins; b++) {
            double meanConfidence = count[b] == 0 ? Double.NaN : confidenceSum[b] / count[b];
            double accuracy = count[b] == 0 ? Double.NaN : (double) correctCount[b] / count[b];
            CalibrationError.Bin bin = new CalibrationError.Bin(lower[b], upper[b], count[b], meanConfidence, accuracy);
            ece += (double) count[b] / n * bin.gap();
            mce = Math.max(mce, bin.gap());
            result.add(bin);
        }
        return new CalibrationError(binning, Math.min(1.0, ece), mce, result);
    }
}
