package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * Expected calibration error of confidence scores and the per-bin evidence behind it.
 *
 * @param binning how the bins were formed
 * @param ece     expected calibration error, sum over bins of (count / total) |accuracy - mean confidence|
 * @param mce     maximum calibration error, the largest |accuracy - mean confidence| over non-empty bins
 * @param bins    the K bins in ascending confidence order, empty ones included
 */
public record CalibrationError(Binning binning, double ece, double mce, List<Bin> bins) {
    public CalibrationError {
        Objects.requireNonNull(binning, "binning");
        if (!(ece >= 0.0 && ece <= 1.0) || !(mce >= 0.0 && mce <= 1.0)) {
            throw new InvalidInputException("ece and mce must be in [0, 1], but were " + ece + " and " + mce);
        }
        bins = List.copyOf(bins);
    }

    /**
     * One confidence bin.
     *
     * @param lower          lowest confidence the bin admits (equal width) or holds (equal mass; NaN when empty)
     * @param upper          highest confidence the bin admits (equal width) or holds (equal mass; NaN when empty)
     * @param count          number of predictions in the bin
     * @param meanConfidence mean confidence of those predictions, NaN when the bin is empty
     * @param accuracy       fraction of those predictions that were correct, NaN when the bin is empty
     */
    public record Bin(double lower, double upper, int count, double meanConfidence, double accuracy) {
        public Bin {
            if (count < 0) {
                throw new InvalidInputException("count must be >= 0, but was " + count);
            }
        }

        /** |accuracy - mean confidence|, 0 for an empty bin. */
        public double gap() {
            return count == 0 ? 0.0 : Math.abs(accuracy - meanConfidence);
        }
    }
}
