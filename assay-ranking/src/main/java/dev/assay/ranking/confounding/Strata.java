package dev.assay.ranking.confounding;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;

/** Stratum keys: confidence decile x query-length bucket x language. */
public final class Strata {
    private Strata() {}

    /** Decile (0..9) of each value among all values (ties share the lower decile). */
    public static int[] deciles(double[] values) {
        return quantiles(values, 10);
    }

    /** Equal-count bin (0..bins-1) of each value among all values, by the share of values below it (ties share the lower bin). */
    public static int[] quantiles(double[] values, int bins) {
        if (bins < 1) throw new InvalidInputException("bins must be >= 1, but was " + bins);
        if (values.length == 0) return new int[0];
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) throw new InvalidInputException("confidence value " + i + " is not finite");
            int below = lowerBound(sorted, values[i]);
            out[i] = Math.min(bins - 1, (int) ((long) bins * below / values.length));
        }
        return out;
    }

    /** Query length in terms, bucketed as 1-2, 3-4, 5-7, 8+. */
    public static String lengthBucket(int terms) {
        if (terms < 1) throw new InvalidInputException("a query has at least one term, but had " + terms);
        return terms <= 2 ? "len1-2" : terms <= 4 ? "len3-4" : terms <= 7 ? "len5-7" : "len8+";
    }

    public static String key(int decile, String lengthBucket, String language) {
        return "d" + decile + "/" + lengthBucket + "/" + language;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
