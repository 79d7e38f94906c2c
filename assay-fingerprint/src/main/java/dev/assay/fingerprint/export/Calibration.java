package dev.assay.fingerprint.export;

/**
 * An accept/reject threshold for candidate sets of {@code k} responses: the alpha-quantile of the scores that
 * {@code k} responses drawn from the signature's own sample get against the package's prototype built without
 * them (leave-k-out), so a set of k responses of the packaged model scores below it with probability about alpha.
 */
public record Calibration(int k, double threshold) {
    public Calibration {
        if (k < 1 || k > 65_535) throw new IllegalArgumentException("k must be 1 to 65535, but was " + k);
        if (!Double.isFinite(threshold)) throw new IllegalArgumentException("threshold must be finite, but was " + threshold);
    }
}
