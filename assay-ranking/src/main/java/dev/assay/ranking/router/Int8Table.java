package dev.assay.ranking.router;

import java.util.Arrays;

/**
 * A lookup table of signed bytes aligned with a piecewise-linear function's segments: each
 * segment [k_s, k_s+1) is cut into the same number of equal cells, and {@code f(x) ~ offset +
 * scale * table[cell(x)]}. Inputs below the first knot (and NaN) read the first cell, inputs
 * at or above the last knot the last cell. Built by sampling the function at cell centres and
 * quantising to 255 levels between its minimum and maximum, so the quantisation error is at
 * most scale / 2 and the sampling error within a segment at most |f(k_s+1) - f(k_s)| / (2 cells
 * per segment); a monotone function stays monotone because rounding is monotone. Cells follow
 * the segments rather than the whole range so that narrow segments (knots at quantiles of
 * skewed inputs) are resolved as finely as wide ones. Evaluation: an equal-width bucket
 * index names the segment of the bucket's left edge, a step or two over the knots finds x's
 * segment, then a multiply and one array read.
 */
public final class Int8Table {
    private static final int BUCKETS = 256;

    private final double[] knots;
    /** Segment holding the left edge of each of {@link #BUCKETS} equal buckets over [first knot, last knot]. */
    private final short[] bucketSegment;
    private final double bucketScale;
    private final double[] invWidth;
    private final int perSegment;
    private final byte[] table;
    private final double scale;
    private final double offset;
    private final double sampling;

    private Int8Table(double[] knots, int perSegment, byte[] table, double scale, double offset, double sampling) {
        this.knots = knots;
        this.perSegment = perSegment;
        this.table = table;
        this.scale = scale;
        this.offset = offset;
        this.sampling = sampling;
        this.invWidth = new double[knots.length - 1];
        for (int s = 0; s < invWidth.length; s++) invWidth[s] = perSegment / (knots[s + 1] - knots[s]);
        int last = knots.length - 1;
        this.bucketScale = BUCKETS / (knots[last] - knots[0]);
        this.bucketSegment = new short[BUCKETS];
        for (int b = 0, seg = 0; b < BUCKETS; b++) {
            double left = knots[0] + b / bucketScale;
            while (seg < last - 1 && left >= knots[seg + 1]) seg++;
            bucketSegment[b] = (short) seg;
        }
    }

    /** Samples {@code f} at the centres of about {@code cells} cells (the same number per segment) and quantises to INT8. */
    public static Int8Table of(PiecewiseLinear f, int cells) {
        if (cells < 2 || cells > 1 << 16) throw new IllegalArgumentException("cells must be in 2..65536, but was " + cells);
        double[] k = f.breakpoints();
        int segments = k.length - 1;
        int perSegment = Math.max(1, cells / segments);
        double[] sample = new double[segments * perSegment];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sampling = 0;
        for (int s = 0; s < segments; s++) {
            double w = (k[s + 1] - k[s]) / perSegment;
            for (int c = 0; c < perSegment; c++) {
                double v = f.apply(k[s] + (c + 0.5) * w);
                sample[s * perSegment + c] = v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            sampling = Math.max(sampling, Math.abs(f.values()[s + 1] - f.values()[s]) / (2.0 * perSegment));
        }
        double scale = max > min ? (max - min) / 254.0 : 1;
        double offset = (max + min) / 2;
        byte[] table = new byte[sample.length];
        for (int c = 0; c < table.length; c++) table[c] = (byte) Math.max(-127, Math.min(127, Math.round((sample[c] - offset) / scale)));
        return new Int8Table(k.clone(), perSegment, table, max > min ? scale : 0, offset, sampling);
    }

    /** The table with these knots, cells per segment, scale, offset and codes, as read back from an artifact. */
    public static Int8Table of(double[] knots, int perSegment, double scale, double offset, byte[] codes) {
        if (knots.length < 2) throw new IllegalArgumentException("an INT8 table needs >= 2 knots, but had " + knots.length);
        for (int i = 1; i < knots.length; i++)
            if (!(knots[i] > knots[i - 1])) throw new IllegalArgumentException("knots must increase strictly, but " + knots[i - 1] + " >= " + knots[i]);
        if (perSegment < 1 || codes.length != perSegment * (knots.length - 1))
            throw new IllegalArgumentException("need " + (knots.length - 1) + " x " + perSegment + " codes, but had " + codes.length);
        if (!(scale >= 0) || !Double.isFinite(scale) || !Double.isFinite(offset))
            throw new IllegalArgumentException("scale must be finite and >= 0 and offset finite, but were " + scale + " and " + offset);
        for (byte b : codes)
            if (b == Byte.MIN_VALUE) throw new IllegalArgumentException("INT8 codes are in -127..127, but one was -128");
        return new Int8Table(knots.clone(), perSegment, codes.clone(), scale, offset, Double.NaN);
    }

    public double apply(double x) {
        double[] k = knots;
        int last = k.length - 1;
        int c;
        if (!(x > k[0])) {
            c = 0;
        } else if (x >= k[last]) {
            c = table.length - 1;
        } else {
            // The bucket names the segment of its left edge; step to x's segment (rarely more than one knot away).
            int lo = bucketSegment[Math.min(BUCKETS - 1, (int) ((x - k[0]) * bucketScale))];
            while (x >= k[lo + 1]) lo++;
            while (x < k[lo]) lo--;
            c = lo * perSegment + Math.min(perSegment - 1, (int) ((x - k[lo]) * invWidth[lo]));
        }
        return offset + scale * table[c];
    }

    /** Half an INT8 step: the quantisation error bound at cell centres (0 for a constant function). */
    public double quantisationError() {
        return scale / 2;
    }

    /**
     * The largest error of reading a cell's centre value anywhere in the cell, for the function
     * the table was built from; NaN for a table read back from codes alone.
     */
    public double samplingError() {
        return sampling;
    }

    public int cells() {
        return table.length;
    }

    public int cellsPerSegment() {
        return perSegment;
    }

    public double[] knots() {
        return knots.clone();
    }

    /** Value of one INT8 step. */
    public double scale() {
        return scale;
    }

    /** Value of INT8 zero. */
    public double offset() {
        return offset;
    }

    /** A copy of the INT8 codes, segment by segment. */
    public byte[] codes() {
        return table.clone();
    }

    @Override
    public String toString() {
        return "Int8Table[" + table.length + " cells over " + Arrays.toString(new double[] {knots[0], knots[knots.length - 1]}) + "]";
    }
}
