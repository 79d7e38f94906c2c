package dev.assay.fingerprint.update;

import dev.assay.fingerprint.hv.Bundler;

/** The ±1 mean of a bundle with equal weights: {@code (2 count_i - n) / n} at each position, 0 with no vector. */
final class BundleMean {
    private BundleMean() {}

    static double[] of(Bundler bundler) {
        double[] mean = new double[bundler.dimension()];
        long n = bundler.count();
        if (n == 0) {
            return mean;
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (double) (2 * bundler.countAt(i) - n) / n;
        }
        return mean;
    }
}
