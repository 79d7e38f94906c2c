package dev.assay.core.stats;

/**
 * Two-sample Kolmogorov-Smirnov test of equal distributions, computed as R's {@code ks.test(x, y)} (R 4.2).
 *
 * <p>Statistic: D = max |F_x - F_y| over the pooled sample ({@link Tail#TWO_SIDED}),
 * D+ = max (F_x - F_y) ({@link Tail#UPPER}, R's "greater": the CDF of x lies above that of y) or
 * D- = max (F_y - F_x) ({@link Tail#LOWER}, R's "less"), evaluated only where the pooled value changes,
 * so ties are handled exactly. When m n &lt; 10,000 the p-value is exact, counting the lattice paths that
 * stay below the statistic at every tie-free step (Schroer and Trenkler 1995, as R's psmirnov does,
 * with or without ties; O(N min(m, n)) time); otherwise it is the asymptotic Kolmogorov distribution
 * for D with R's series tolerance 1e-6 (Smirnov 1939), or exp(-2 n D^2) one-sided, n = m n / (m + n).
 */
public final class KolmogorovSmirnov {
    private static final int EXACT_PRODUCT_LIMIT = 10_000;

    private KolmogorovSmirnov() {
    }

    /** Two-sample test that x and y come from the same continuous distribution. */
    public static TestResult test(double[] x, double[] y, Tail tail) {
        Checks.finite("x", x, 1);
        Checks.finite("y", y, 1);
        Checks.notNull("tail", tail);
        int nx = x.length;
        int ny = y.length;
        int bigN = nx + ny;
        double[] pooled = new double[bigN];
        System.arraycopy(x, 0, pooled, 0, nx);
        System.arraycopy(y, 0, pooled, nx, ny);
        int[] order = Ranks.sortedOrder(pooled);
        // breaks[k] (1-based step k) is true where the pooled value changes after step k, and at the end.
        boolean[] breaks = new boolean[bigN + 1];
        long maxPlus = Long.MIN_VALUE;
        long maxMinus = Long.MIN_VALUE;
        long i = 0;
        long j = 0;
        for (int k = 1; k <= bigN; k++) {
            if (order[k - 1] < nx) {
                i++;
            } else {
                j++;
            }
            breaks[k] = k == bigN || pooled[order[k]] != pooled[order[k - 1]];
            if (breaks[k]) {
                long numerator = i * ny - j * nx; // (F_x - F_y) * nx * ny, exact
                maxPlus = Math.max(maxPlus, numerator);
                maxMinus = Math.max(maxMinus, -numerator);
            }
        }
        double product = (double) nx * ny;
        double statistic = switch (tail) {
            case TWO_SIDED -> Math.max(maxPlus, maxMinus) / product;
            case UPPER -> maxPlus / product;
            case LOWER -> maxMinus / product;
        };
        boolean exact = product < EXACT_PRODUCT_LIMIT;
        double p;
        if (exact) {
            p = 1.0 - pathsBelow(statistic, nx, ny, breaks, tail == Tail.TWO_SIDED) / binomial(bigN, nx);
        } else {
            double n = product / bigN;
            if (tail == Tail.TWO_SIDED) {
                p = statistic < Math.ulp(1.0) ? 1.0 : 1.0 - kolmogorovCdf(Math.sqrt(n) * statistic, 1e-6);
            } else {
                p = 1.0 - (1.0 - Math.exp(-2.0 * n * statistic * statistic));
            }
        }
        p = Math.min(1.0, Math.max(0.0, p));
        String method = (exact ? "Exact" : "Asymptotic") + " two-sample Kolmogorov-Smirnov test";
        return new TestResult(method, tail, statistic, p);
    }

    /**
     * Number of monotone lattice paths from (0, 0) to (nx, ny) whose points (u, v) after each tie-free
     * step k satisfy {@code q > u/nx - v/ny} (absolute value when two-sided), q being the statistic
     * nudged to the midpoint below the next lattice value as R does.
     */
    static double pathsBelow(double statistic, int nx, int ny, boolean[] breaks, boolean twoSided) {
        double q = (0.5 + Math.floor(statistic * nx * ny - 1e-7)) / ((double) nx * ny);
        int bigN = nx + ny;
        // diag[u] = paths reaching (u, k - u); u from 0 to nx.
        double[] diag = new double[nx + 1];
        double[] next = new double[nx + 1];
        diag[0] = 1.0;
        for (int k = 1; k <= bigN; k++) {
            int uMin = Math.max(0, k - ny);
            int uMax = Math.min(nx, k);
            for (int u = uMin; u <= uMax; u++) {
                double fromY = (u <= k - 1 && k - 1 - u <= ny) ? diag[u] : 0.0;
                double fromX = u >= 1 ? diag[u - 1] : 0.0;
                double value = fromY + fromX;
                if (breaks[k]) {
                    double d = (double) u / nx - (double) (k - u) / ny;
                    if (twoSided) {
                        d = Math.abs(d);
                    }
                    if (!(q > d)) {
                        value = 0.0;
                    }
                }
                next[u] = value;
            }
            // Entries outside [uMin, uMax] are unreachable at step k.
            for (int u = 0; u < uMin; u++) {
                next[u] = 0.0;
            }
            for (int u = uMax + 1; u <= nx; u++) {
                next[u] = 0.0;
            }
            double[] t = diag;
            diag = next;
            next = t;
        }
        return diag[nx];
    }

    /** C(n, k) as a double, by the multiplicative formula (relative error about k ulps). */
    static double binomial(int n, int k) {
        int kk = Math.min(k, n - k);
        double c = 1.0;
        for (int i = 1; i <= kk; i++) {
            c = c * (n - kk + i) / i;
        }
        return c;
    }

    /**
     * Kolmogorov's limiting distribution P(K <= x) = 1 - 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2), with the
     * alternating series for x >= 1 and the theta-function series for x &lt; 1 (Durbin 1973), ported
     * from R's pkstwo with its term count and stopping rule.
     */
    static double kolmogorovCdf(double x, double tolerance) {
        if (x <= 0) {
            return 0.0;
        }
        if (x < 1) {
            int kMax = (int) Math.sqrt(2 - Math.log(tolerance));
            double z = -(Math.PI / 2 * Math.PI / 4) / (x * x);
            double w = Math.log(x);
            double s = 0.0;
            for (int k = 1; k < kMax; k += 2) {
                s += Math.exp(k * k * z - w);
            }
            return s * Math.sqrt(2 * Math.PI);
        }
        double z = -2 * x * x;
        double s = -1;
        int k = 1;
        double old = 0;
        double current = 1;
        while (Math.abs(old - current) > tolerance) {
            old = current;
            current += 2 * s * Math.exp(z * k * k);
            s *= -1;
            k++;
        }
        return current;
    }
}
