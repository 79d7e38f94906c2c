package dev.assay.ranking.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** C's {@code printf} number formats as glibc renders them, for trec_eval's byte-exact output. */
final class CFormat {
    private CFormat() {}

    /**
     * {@code %.Nf}: the exact binary value rounded to {@code decimals} places, ties to even (glibc); Java's
     * {@code String.format} rounds the shortest decimal half-up instead, which differs on some values.
     */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value)) {
            return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        BigDecimal rounded = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN);
        String text = rounded.toPlainString();
        return rounded.signum() == 0 && (value < 0 || 1 / value < 0) ? "-" + text : text;
    }

    /** {@code %ld} of a double cast to {@code long} (truncation toward zero). */
    static String cLong(double value) {
        return Long.toString((long) value);
    }
}
