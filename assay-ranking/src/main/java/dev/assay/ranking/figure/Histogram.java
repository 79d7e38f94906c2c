package dev.assay.ranking.figure;

import java.util.Arrays;

/**
 * Counts of values in equal-width bins: bin {@code i} is {@code [edges[i], edges[i+1])}, the last
 * bin closed on the right, so {@code counts.length == edges.length - 1} and every value is counted once.
 */
public record Histogram(double[] edges, long[] counts) {
    /** The most bins {@link #of} makes unless told otherwise: enough for a shape, small enough for a ledger entry. */
    public static final int DEFAULT_MAX_BINS = 40;

    public Histogram {
        if (edges == null || counts == null) throw new IllegalArgumentException("edges and counts are required");
        if (counts.length < 1 || edges.length != counts.length + 1)
            throw new IllegalArgumentException("a histogram needs n >= 1 counts and n + 1 edges, but had " + counts.length
                    + " counts and " + edges.length + " edges");
        edges = edges.clone();
        counts = counts.clone();
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) throw new IllegalArgumentException("edges must be finite, but edges[" + i + "] was " + edges[i]);
            if (i > 0 && !(edges[i] > edges[i - 1]))
                throw new IllegalArgumentException("edges must increase, but edges[" + i + "] = " + edges[i] + " after " + edges[i - 1]);
        }
        for (long c : counts) if (c < 0) throw new IllegalArgumentException("counts must be >= 0, but one was " + c);
    }

    /**
     * The histogram of {@code values} (finite, at least one) in {@code min(maxBins, ceil(2 n^(1/3)))}
     * equal-width bins from the smallest to the largest value (Rice's rule: 22 bins for 1,000 values,
     * the cap of 40 from 8,000 on). Edge {@code i} is {@code min + i (max - min) / bins}, the last edge
     * is {@code max} itself, and a value falls in the last bin whose lower edge is at most the value.
     * All values equal: one bin of width {@code 1e-6 max(1, |v|)} centred on it. O(n log bins).
     */
    public static Histogram of(double[] values, int maxBins) {
        if (maxBins < 1) throw new IllegalArgumentException("maxBins must be >= 1, but was " + maxBins);
        if (values == null || values.length == 0) throw new IllegalArgumentException("a histogram needs at least one value");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("values must be finite, but one was " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min == max) {
            double half = 0.5e-6 * Math.max(1, Math.abs(min));
            return new Histogram(new double[] {min - half, min + half}, new long[] {values.length});
        }
        int bins = (int) Math.min(maxBins, Math.ceil(2 * Math.cbrt(values.length)));
        double[] edges = new double[bins + 1];
        double width = (max - min) / bins;
        for (int i = 0; i < bins; i++) edges[i] = min + i * width;
        edges[bins] = max;
        long[] counts = new long[bins];
        for (double v : values) {
            int at = Arrays.binarySearch(edges, v);
            int bin = at >= 0 ? at : -at - 2; // the last edge <= v
            counts[Math.min(bin, bins - 1)]++;
        }
        return new Histogram(edges, counts);
    }

    /** Number of bins. */
    public int bins() {
        return counts.length;
    }

    /** Sum of the counts. */
    public long total() {
        long t = 0;
        for (long c : counts) t += c;
        return t;
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Arrays.equals(edges, h.edges) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[edges=" + Arrays.toString(edges) + ", counts=" + Arrays.toString(counts) + "]";
    }
}
