package dev.assay.fingerprint.signature;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a signature keeps of one probe's responses: how many there were, the exact counters of their text,
 * structure, vector and log-probability hypervectors (the last two over the responses that had a vector output or
 * token log-probabilities), and the exact sums
 * and sums of squares of their integer features. Instances handed out by {@link Signature} are copies.
 */
public final class ProbeCounts {
    private final String probeId;
    private final Bundler text;
    private final Bundler structure;
    private final Bundler vector;
    private final Bundler logprob;
    private final long[] featureSums;
    private final BigInteger[] featureSquares;
    private volatile Hypervector textMajority;

    ProbeCounts(String probeId, Hypervector tieBreak) {
        this(probeId, new Bundler(tieBreak), new Bundler(tieBreak), new Bundler(tieBreak), new Bundler(tieBreak),
                new long[Features.COUNT], filledZero());
    }

    ProbeCounts(String probeId, Bundler text, Bundler structure, Bundler vector, Bundler logprob, long[] featureSums,
                BigInteger[] featureSquares) {
        this.probeId = Objects.requireNonNull(probeId, "probeId");
        this.text = text;
        this.structure = structure;
        this.vector = vector;
        this.logprob = logprob;
        this.featureSums = featureSums;
        this.featureSquares = featureSquares;
        if (structure.count() != text.count() || vector.count() > text.count() || logprob.count() > text.count()) {
            throw new IllegalArgumentException("probe " + probeId + ": counters disagree on the number of responses");
        }
    }

    /**
     * One probe's counts from their parts (copied): the text and structure counters over the same responses, the
     * vector counters over those that had a vector, the log-probability counters over those that had token
     * log-probabilities, the feature sums and sums of squares in {@link Features} order.
     */
    public static ProbeCounts of(String probeId, Bundler text, Bundler structure, Bundler vector, Bundler logprob,
                                 long[] featureSums, BigInteger[] featureSquares) {
        if (featureSums.length != Features.COUNT || featureSquares.length != Features.COUNT) {
            throw new IllegalArgumentException("expected " + Features.COUNT + " feature sums and squares");
        }
        Hypervector tie = text.tieBreak();
        return new ProbeCounts(probeId, new Bundler(tie).merge(text), new Bundler(tie).merge(structure),
                new Bundler(tie).merge(vector), new Bundler(tie).merge(logprob), featureSums.clone(), featureSquares.clone());
    }

    private static BigInteger[] filledZero() {
        BigInteger[] z = new BigInteger[Features.COUNT];
        Arrays.fill(z, BigInteger.ZERO);
        return z;
    }

    void add(EncodedResponse r) {
        textMajority = null;
        text.add(r.text());
        structure.add(r.structure());
        if (r.vector() != null) vector.add(r.vector());
        if (r.logprob() != null) logprob.add(r.logprob());
        long[] f = r.features();
        for (int i = 0; i < f.length; i++) {
            featureSums[i] = Math.addExact(featureSums[i], f[i]);
            featureSquares[i] = featureSquares[i].add(BigInteger.valueOf(f[i]).multiply(BigInteger.valueOf(f[i])));
        }
    }

    void merge(ProbeCounts o) {
        textMajority = null;
        text.merge(o.text);
        structure.merge(o.structure);
        vector.merge(o.vector);
        logprob.merge(o.logprob);
        for (int i = 0; i < featureSums.length; i++) {
            featureSums[i] = Math.addExact(featureSums[i], o.featureSums[i]);
            featureSquares[i] = featureSquares[i].add(o.featureSquares[i]);
        }
    }

    ProbeCounts copy() {
        Hypervector tie = text.tieBreak();
        return new ProbeCounts(probeId, new Bundler(tie).merge(text), new Bundler(tie).merge(structure),
                new Bundler(tie).merge(vector), new Bundler(tie).merge(logprob), featureSums.clone(), featureSquares.clone());
    }

    public String probeId() {
        return probeId;
    }

    /** Number of responses to this probe. */
    public long count() {
        return text.count();
    }

    /** Number of those responses that had a vector output. */
    public long vectorCount() {
        return vector.count();
    }

    /** Number of those responses that had token log-probabilities. */
    public long logprobCount() {
        return logprob.count();
    }

    /** The text counters (a copy). */
    public Bundler text() {
        return new Bundler(text.tieBreak()).merge(text);
    }

    /** The majority of the text vectors (computed once; the counts must not change after). */
    public Hypervector textMajority() {
        Hypervector m = textMajority;
        if (m == null) {
            m = text.majority();
            textMajority = m;
        }
        return m;
    }

    /** The structure counters (a copy). */
    public Bundler structure() {
        return new Bundler(structure.tieBreak()).merge(structure);
    }

    /** The vector-output counters (a copy; empty when no response had a vector). */
    public Bundler vector() {
        return new Bundler(vector.tieBreak()).merge(vector);
    }

    /** The log-probability counters (a copy; empty when no response had token log-probabilities). */
    public Bundler logprob() {
        return new Bundler(logprob.tieBreak()).merge(logprob);
    }

    Bundler textView() {
        return text;
    }

    Bundler structureView() {
        return structure;
    }

    Bundler vectorView() {
        return vector;
    }

    Bundler logprobView() {
        return logprob;
    }

    /** Sum of feature {@code f} over the responses. */
    public long featureSum(Features.Feature f) {
        return featureSums[f.ordinal()];
    }

    /** Sum of squares of feature {@code f} over the responses, exact. */
    public BigInteger featureSquares(Features.Feature f) {
        return featureSquares[f.ordinal()];
    }

    long[] featureSums() {
        return featureSums;
    }

    BigInteger[] featureSquaresArray() {
        return featureSquares;
    }

    /** Mean of feature {@code f}; NaN without responses. */
    public double featureMean(Features.Feature f) {
        return count() == 0 ? Double.NaN : featureSums[f.ordinal()] / (double) count();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeCounts p && probeId.equals(p.probeId) && sameCounts(text, p.text)
                && sameCounts(structure, p.structure) && sameCounts(vector, p.vector) && sameCounts(logprob, p.logprob)
                && Arrays.equals(featureSums, p.featureSums) && Arrays.equals(featureSquares, p.featureSquares);
    }

    static boolean sameCounts(Bundler a, Bundler b) {
        if (a.count() != b.count() || a.planeCount() != b.planeCount()) return false;
        for (int p = 0; p < a.planeCount(); p++) {
            if (!Arrays.equals(a.plane(p), b.plane(p))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(probeId, count(), Arrays.hashCode(featureSums));
    }
}
