package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;

/**
 * Holm's step-down correction for multiple tests, controlling the family-wise error rate under any
 * dependence (Holm 1979, Scand. J. Statist. 6:65-70). Adjusted p-values are R's
 * {@code p.adjust(p, "holm")}: sorted ascending, p_(i) is multiplied by (m - i + 1), made monotone by a
 * running maximum and capped at 1. O(m log m).
 */
public final class Holm {
    private Holm() {
    }

    /** Holm-adjusted p-values, in the order of the input. */
    public static double[] adjust(double[] pValues) {
        Checks.finite("pValues", pValues, 1);
        for (int i = 0; i < pValues.length; i++) {
            if (pValues[i] < 0.0 || pValues[i] > 1.0) {
                throw new InvalidInputException("pValues[" + i + "] must be in [0, 1], but was " + pValues[i]);
            }
        }
        int m = pValues.length;
        int[] order = Ranks.sortedOrder(pValues);
        double[] adjusted = new double[m];
        double running = 0.0;
        for (int i = 0; i < m; i++) {
            int index = order[i];
            running = Math.max(running, (m - i) * pValues[index]);
            adjusted[index] = Math.min(1.0, running);
        }
        return adjusted;
    }

    /** Which hypotheses Holm's procedure rejects at family-wise level alpha (adjusted p-value <= alpha). */
    public static boolean[] reject(double[] pValues, double alpha) {
        Checks.alpha(alpha);
        double[] adjusted = adjust(pValues);
        boolean[] rejected = new boolean[adjusted.length];
        for (int i = 0; i < adjusted.length; i++) {
            rejected[i] = adjusted[i] <= alpha;
        }
        return rejected;
    }
}
