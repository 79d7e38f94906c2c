package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;
import org.HdrHistogram.Histogram;

/**
 * Records non-negative integer values (latencies in microseconds, token counts) and reports
 * percentiles, backed by an auto-resizing HdrHistogram (Tene, hdrhistogram.org). With d significant
 * digits every reported value is within a relative 10^-d of a recorded value at that rank (d = 3: 0.1%);
 * recording is O(1) and allocation-free once the range is reached, memory is O(10^d log(max)).
 * Recorders merge exactly, so per-thread or per-node recorders can be combined. Not thread-safe.
 */
public final class PercentileRecorder {
    /** Default precision: 3 significant digits, 0.1% relative error. */
    public static final int DEFAULT_SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram;

    private PercentileRecorder(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Recorder with {@link #DEFAULT_SIGNIFICANT_DIGITS} significant digits. */
    public static PercentileRecorder create() {
        return create(DEFAULT_SIGNIFICANT_DIGITS);
    }

    /** Recorder keeping {@code significantDigits} (1 to 5) significant digits. */
    public static PercentileRecorder create(int significantDigits) {
        if (significantDigits < 1 || significantDigits > 5) {
            throw new InvalidInputException("significantDigits must be in [1, 5], but was " + significantDigits);
        }
        return new PercentileRecorder(new Histogram(significantDigits));
    }

    /** Records one value, which must be >= 0. */
    public void record(long value) {
        if (value < 0) {
            throw new InvalidInputException("value must be >= 0, but was " + value);
        }
        histogram.recordValue(value);
    }

    /** Adds every value recorded by {@code other} to this recorder; {@code other} is unchanged. */
    public void merge(PercentileRecorder other) {
        Checks.notNull("other", other);
        histogram.add(other.histogram);
    }

    /** Every recorded value, compressed and base64-encoded (HdrHistogram's own format), for {@link #decode}. */
    public String encode() {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int n = histogram.encodeIntoCompressedByteBuffer(buf);
        return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
    }

    /** The recorder {@link #encode} wrote; InvalidInputException when {@code encoded} is not one. */
    public static PercentileRecorder decode(String encoded) {
        try {
            byte[] bytes = java.util.Base64.getDecoder().decode(encoded);
            return new PercentileRecorder(Histogram.decodeFromCompressedByteBuffer(java.nio.ByteBuffer.wrap(bytes), 0));
        } catch (java.util.zip.DataFormatException | RuntimeException e) {
            throw new InvalidInputException("not an encoded percentile recorder: " + e.getMessage());
        }
    }

    /** Number of values recorded. */
    public long count() {
        return histogram.getTotalCount();
    }

    /** Value at the given percentile in [0, 100] (the highest value equivalent to the recorded one); 0 when empty. */
    public long valueAtPercentile(double percentile) {
        if (!(percentile >= 0.0 && percentile <= 100.0)) {
            throw new InvalidInputException("percentile must be in [0, 100], but was " + percentile);
        }
        return histogram.getValueAtPercentile(percentile);
    }

    /** Count, p50, p95, p99 and max at this moment; all 0 when nothing was recorded. */
    public Summary summary() {
        return new Summary(count(), valueAtPercentile(50), valueAtPercentile(95), valueAtPercentile(99),
                histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue(), histogram.getNumberOfSignificantValueDigits());
    }

    /**
     * Percentile summary of a recorder.
     *
     * @param count             values recorded
     * @param p50               median
     * @param p95               95th percentile
     * @param p99               99th percentile
     * @param max               largest value (to the recorder's precision)
     * @param significantDigits precision of the values
     */
    public record Summary(long count, long p50, long p95, long p99, long max, int significantDigits) {
        public Summary {
            if (count < 0 || p50 < 0 || p95 < p50 || p99 < p95 || max < p99) {
                throw new InvalidInputException("summary must have 0 <= p50 <= p95 <= p99 <= max and count >= 0, but was "
                        + count + ", " + p50 + ", " + p95 + ", " + p99 + ", " + max);
            }
        }
    }
}
