package dev.assay.core.stats;

/**
 * Exact null distribution of the Mann-Whitney statistic U for sample sizes m and n without ties, the
 * counts of the q-binomial coefficient [m+n choose m] (Mann and Whitney 1947). Built by the
 * recurrence f(i, j)[k] = f(i-1, j)[k-j] + f(i, j-1)[k] in O(m n (m n)) time and O(n m n) memory,
 * counts held as doubles (relative error about 1e-16 even past 2^53). Tail sums always run over the
 * shorter side, as R's pwilcox does.
 */
final class WilcoxonDistribution {
    private final int m;
    private final int n;
    private final double[] counts;
    private final double total;

    WilcoxonDistribution(int m, int n) {
        this.m = m;
        this.n = n;
        double[][] row = new double[n + 1][];
        for (int j = 0; j <= n; j++) {
            row[j] = new double[] {1.0};
        }
        for (int i = 1; i <= m; i++) {
            double[][] next = new double[n + 1][];
            next[0] = new double[] {1.0};
            for (int j = 1; j <= n; j++) {
                double[] a = new double[i * j + 1];
                double[] lastIsX = row[j];
                for (int k = 0; k < lastIsX.length; k++) {
                    a[k + j] += lastIsX[k];
                }
                double[] lastIsY = next[j - 1];
                for (int k = 0; k < lastIsY.length; k++) {
                    a[k] += lastIsY[k];
                }
                next[j] = a;
            }
            row = next;
        }
        this.counts = row[n];
        double t = 0.0;
        for (double c : counts) {
            t += c;
        }
        this.total = t;
    }

    /** P(U <= q), q rounded down as R's pwilcox does (after adding 1e-7). */
    double lowerTail(double q) {
        double k = Math.floor(q + 1e-7);
        int mn = m * n;
        if (k < 0) {
            return 0.0;
        }
        if (k >= mn) {
            return 1.0;
        }
        if (k <= mn / 2.0) {
            return sum(0, (int) k);
        }
        return 1.0 - sum(0, (int) (mn - k) - 1);
    }

    /** P(U > q). */
    double upperTail(double q) {
        double k = Math.floor(q + 1e-7);
        int mn = m * n;
        if (k < 0) {
            return 1.0;
        }
        if (k >= mn) {
            return 0.0;
        }
        // By symmetry P(U > k) = P(U < mn - k) = P(U <= mn - k - 1).
        double reflected = mn - k - 1;
        if (reflected <= mn / 2.0) {
            return sum(0, (int) reflected);
        }
        return 1.0 - sum(0, (int) k);
    }

    /** Smallest q with P(U <= q) >= p, ported from R's qwilcox (including its 10 DBL_EPSILON fuzz). */
    int quantile(double p) {
        double eps = 10 * Math.ulp(1.0);
        double acc = 0.0;
        int q = 0;
        if (p <= 0.5) {
            double target = p - eps;
            while (true) {
                acc += counts[q] / total;
                if (acc >= target) {
                    return q;
                }
                q++;
            }
        }
        double target = 1.0 - p + eps;
        while (true) {
            acc += counts[q] / total;
            if (acc > target) {
                return m * n - q;
            }
            q++;
        }
    }

    private double sum(int from, int to) {
        double s = 0.0;
        for (int k = from; k <= to; k++) {
            s += counts[k] / total;
        }
        return s;
    }
}
