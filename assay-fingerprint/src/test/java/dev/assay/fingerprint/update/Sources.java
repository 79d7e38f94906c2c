package dev.assay.fingerprint.update;

import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import java.util.List;
import java.util.SplittableRandom;

/** Test streams: random vectors and noisy copies of a prototype. */
final class Sources {
    private Sources() {}

    static Hypervector random(SplittableRandom rnd, int dimension) {
        long[] w = new long[dimension / 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextLong();
        }
        return Hypervector.ofWords(w);
    }

    /** {@code prototype} with each bit flipped with probability 1/8 (the AND of three random words). */
    static Hypervector noisy(Hypervector prototype, SplittableRandom rnd) {
        long[] w = prototype.words();
        for (int i = 0; i < w.length; i++) {
            w[i] ^= rnd.nextLong() & rnd.nextLong() & rnd.nextLong();
        }
        return Hypervector.ofWords(w);
    }

    static Bundler bundle(Hypervector tieBreak, List<Hypervector> vectors) {
        Bundler b = new Bundler(tieBreak);
        vectors.forEach(b::add);
        return b;
    }

    /** The ±1 mean of equally weighted vectors, counted bit by bit. */
    static double[] naiveMean(List<Hypervector> vectors, int dimension) {
        double[] mean = new double[dimension];
        if (vectors.isEmpty()) {
            return mean;
        }
        for (int i = 0; i < dimension; i++) {
            int set = 0;
            for (Hypervector v : vectors) {
                set += v.get(i) ? 1 : 0;
            }
            mean[i] = (2.0 * set - vectors.size()) / vectors.size();
        }
        return mean;
    }
}
