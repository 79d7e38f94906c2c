package dev.assay.ranking.router;

/**
 * A lookup table of signed bytes over equal-width input cells: {@code f(x) ~ offset +
 * scale * table[cell(x)]}, with {@code cell(x) = clamp(floor((x - lo) / width))}. Built
 * by sampling a function at cell centres and quantising to 255 levels between the
 * function's minimum and maximum, so the quantisation error is at most scale / 2; a
 * monotone function stays monotone because rounding is monotone. Evaluation is a
 * multiply, a clamp and one array read.
 */
public final class Int8Table {
    private final double lo;
    private final double invWidth;
    private final double width;
    private final byte[] table;
    private final double scale;
    private final double offset;

    private Int8Table(double lo, double width, byte[] table, double scale, double offset) {
        this.lo = lo;
        this.width = width;
        this.invWidth = 1 / width;
        this.table = table;
        this.scale = scale;
        this.offset = offset;
    }

    /** Samples {@code f} at the centres of {@code cells} equal cells over [lo, hi] and quantises to INT8. */
    public static Int8Table of(PiecewiseLinear f, int cells) {
        if (cells < 2 || cells > 1 << 16) throw new IllegalArgumentException("cells must be in 2..65536, but was " + cells);
        double lo = f.breakpoints()[0];
        double hi = f.breakpoints()[f.breakpoints().length - 1];
        double width = (hi - lo) / cells;
        double[] sample = new double[cells];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cells; c++) {
            sample[c] = f.apply(lo + (c + 0.5) * width);
            min = Math.min(min, sample[c]);
            max = Math.max(max, sample[c]);
        }
        double scale = max > min ? (max - min) / 254.0 : 1;
        double offset = (max + min) / 2;
        byte[] table = new byte[cells];
        for (int c = 0; c < cells; c++) table[c] = (byte) Math.max(-127, Math.min(127, Math.round((sample[c] - offset) / scale)));
        return new Int8Table(lo, width, table, scale, offset);
    }

    public double apply(double x) {
        int c = (int) ((x - lo) * invWidth);
        if (c < 0 || x != x) c = 0;
        else if (c >= table.length) c = table.length - 1;
        return offset + scale * table[c];
    }

    /** The largest absolute quantisation step's half: the table's error bound at cell centres. */
    public double quantisationError() {
        return scale / 2;
    }

    public int cells() {
        return table.length;
    }

    public double cellWidth() {
        return width;
    }
}
