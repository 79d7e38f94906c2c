package dev.assay.fingerprint.update;

import dev.assay.fingerprint.hv.Hypervector;

/**
 * Exponentially decayed counts of set bits per position, kept by forward decay (G. Cormode, V. Shkapenyuk,
 * D. Srivastava, B. Xu, "Forward Decay: A Practical Time Decay Model for Streaming Systems", ICDE 2009): rather
 * than multiplying every weight by the factor at each response, the weights are stored in a unit that is divided
 * by the factor, so a response adds the current unit at its set bits only (true weight = stored / unit). When the
 * unit would pass 2^512 the stored values are converted back to true weights (O(D), once in at least
 * {@code 355 / -ln(factor)} responses). Relative error of a weight: a few ulps per response since the last
 * conversion.
 */
final class DecayedCounts {
    private static final double RESCALE_ABOVE = 0x1p512;

    private final long[] tie;
    private final double[] counts;
    private double total;
    private double unit = 1;

    DecayedCounts(Hypervector tieBreak) {
        this.tie = tieBreak.words();
        this.counts = new double[tieBreak.dimension()];
    }

    /** Multiplies every earlier weight by {@code factor}, then adds the response {@code words} with weight 1. */
    void add(long[] words, double factor) {
        double next = unit / factor;
        if (next > RESCALE_ABOVE) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = counts[i] / unit * factor;
            }
            total = total / unit * factor;
            next = 1;
        }
        unit = next;
        total += unit;
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                counts[w * 64 + Long.numberOfTrailingZeros(bits)] += unit;
                bits &= bits - 1;
            }
        }
    }

    /** The sum of the weights. */
    double weight() {
        return total / unit;
    }

    /** {@code (2 count_i - total) / total} at each position; 0 with no response. */
    double[] mean() {
        double[] mean = new double[counts.length];
        if (total == 0) {
            return mean;
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (2 * counts[i] - total) / total;
        }
        return mean;
    }

    /** Set where more than half the weight has the bit, the tie-break's bit where exactly half has it. */
    Hypervector majority() {
        long[] out = new long[tie.length];
        for (int w = 0; w < out.length; w++) {
            out[w] = majorityWord(w);
        }
        return Hypervector.ofWords(out);
    }

    /** Number of positions where {@code words} differs from {@link #majority()}, without building it. */
    int distanceToMajority(long[] words) {
        int d = 0;
        for (int w = 0; w < words.length; w++) {
            d += Long.bitCount(majorityWord(w) ^ words[w]);
        }
        return d;
    }

    private long majorityWord(int w) {
        long word = 0;
        int base = w * 64;
        for (int b = 0; b < 64; b++) {
            double twice = 2 * counts[base + b];
            if (twice > total || (twice == total && (tie[w] >>> b & 1L) != 0)) {
                word |= 1L << b;
            }
        }
        return word;
    }
}
