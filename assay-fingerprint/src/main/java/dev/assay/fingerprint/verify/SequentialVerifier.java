package dev.assay.fingerprint.verify;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.signature.MeanVectors;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Verification that stops as soon as the evidence is enough, valid at whatever moment it stops (anytime-valid).
 * Each candidate response is paired with an unused reference response (to the same prompt in probe mode, any in
 * traffic mode); both are scored by their distance {@code 1 - cos} to the mean vector of the other reference
 * responses (the reference's counters minus the paired one): of the vector outputs when both responses have one,
 * of the texts otherwise; X = 1 when the candidate is the farther. Under
 * "same model" the pair is exchangeable and independent of the others, so X is a fair coin (ties are settled by a
 * seeded coin), whatever came before.
 * <ul>
 *   <li>DIFFERENT: one of two betting martingales reaches 2/alpha (each at level alpha/2, so together at most
 *       alpha by Ville's inequality, however long the stream and wherever it is stopped). The first bets on X:
 *       {@code K = prod(1 + l (2X - 1))}, the bet l predictable (Kelly's 2p - 1 for a running estimate p, capped at
 *       1/2): it sees a candidate whose answers stray from the reference's. The second bets on the witness
 *       (a sequential kernel two-sample test by betting, after Shekhar and Ramdas): with w the normalized sum of
 *       the previous pairs' differences {@code phi(c) - phi(r)} (phi the +-1 vector over sqrt(D)), the payoff
 *       {@code f = <w, phi(c) - phi(r)> / 2} lies in [-1, 1] and has mean 0 for an exchangeable pair, and
 *       {@code K2 = prod(1 + m f)} with m predictable (from the past payoffs' mean over mean square, capped at
 *       1/2): it sees a shift that moves every answer alike.</li>
 *   <li>SAME: a third martingale tests "the candidate is farther in at least 1/2 + margin of pairs" with
 *       {@code K' = prod(1 + m (p0 - X))}, p0 = 1/2 + margin, and says SAME when it reaches 1/alpha while the
 *       witness bettor is not ahead (its wealth below 1): a shift that moves every answer alike holds SAME back.</li>
 *   <li>UNDECIDED when the candidate's responses (or the unused reference ones) run out first.</li>
 * </ul>
 */
public final class SequentialVerifier {
    /** Settings; {@link #DEFAULT} has the defaults. */
    public record Config(Verifier.Mode mode, double alpha, double margin, long seed) {
        public static final double DEFAULT_MARGIN = 0.1;
        public static final Config DEFAULT = new Config(Verifier.Mode.PROBE, Verifier.Config.DEFAULT_ALPHA, DEFAULT_MARGIN, 1);

        public Config {
            Objects.requireNonNull(mode, "mode");
            if (!(alpha > 0 && alpha < 1)) throw new InvalidInputException("alpha must be between 0 and 1, but was " + alpha);
            if (!(margin > 0 && margin < 0.5)) throw new InvalidInputException("margin must be between 0 and 0.5, but was " + margin);
        }
    }

    /**
     * The outcome: verdict, pairs used, the evidence for DIFFERENT (the larger of the two bettors' wealth, or the one
     * that decided) and for SAME, and the share of pairs in which the candidate was the farther.
     */
    public record Result(Verifier.Verdict verdict, int pairs, double differentEvidence, double sameEvidence, double fartherShare,
                         int candidateResponses, String reason) {}

    private final Config config;
    private final int dimension;
    private final long n;
    private final long[] counts;
    private final long nVector;
    private final long[] vectorCounts;
    private final Map<String, Deque<EncodedResponse>> byProbe = new HashMap<>();
    private final List<EncodedResponse> pool = new ArrayList<>();

    /** A verifier against {@code reference}: its counters, and its sampled responses as the pairing pool. */
    public SequentialVerifier(Signature reference, Config config) {
        this.config = Objects.requireNonNull(config, "config");
        Bundler all = reference.textTotal();
        Bundler vectors = reference.vectorTotal();
        if (all.count() < 3) throw new InvalidInputException("sequential verification needs a reference of at least 3 responses");
        if (reference.sample().isEmpty()) throw new InvalidInputException("the reference keeps no sampled responses to pair with");
        this.n = all.count();
        this.counts = all.counts();
        this.dimension = counts.length;
        this.nVector = vectors.count();
        this.vectorCounts = vectors.counts();
        for (EncodedResponse r : reference.sample()) {
            byProbe.computeIfAbsent(r.probeId(), k -> new ArrayDeque<>()).add(r);
            pool.add(r);
        }
    }

    /** Reads the candidate's responses in order until a verdict. */
    public Result verify(List<EncodedResponse> candidate) {
        SplittableRandom rng = new SplittableRandom(config.seed());
        List<EncodedResponse> unused = new ArrayList<>(pool);
        java.util.Set<EncodedResponse> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Map<String, Deque<EncodedResponse>> probes = new HashMap<>();
        byProbe.forEach((k, v) -> probes.put(k, new ArrayDeque<>(v)));
        double k = 1;
        double kSame = 1;
        double kWitness = 1;
        double[] witness = new double[dimension];
        double payoffSum = 0;
        double payoffSquares = 0;
        int pairs = 0;
        int wins = 0;
        double p0 = 0.5 + config.margin();
        double target = 1 / config.alpha();
        double targetDifferent = 2 / config.alpha();
        for (EncodedResponse c : candidate) {
            if (c.dimension() != dimension) {
                throw new InvalidInputException("a candidate response has dimension " + c.dimension() + ", the reference " + dimension);
            }
            EncodedResponse r = config.mode() == Verifier.Mode.PROBE ? next(probes.get(c.probeId()), used) : draw(unused, used, rng);
            if (r == null) continue;
            used.add(r);
            boolean byVector = c.vector() != null && r.vector() != null && nVector > 1;
            double[] proto = byVector ? MeanVectors.without(vectorCounts, nVector, List.of(r.vector()))
                    : MeanVectors.without(counts, n, List.of(r.text()));
            double dc = 1 - MeanVectors.cosine(byVector ? c.vector() : c.text(), proto);
            double dr = 1 - MeanVectors.cosine(byVector ? r.vector() : r.text(), proto);
            int x = dc > dr ? 1 : dc < dr ? 0 : rng.nextInt(2);
            // predictable bets: from the pairs before this one
            double pHat = (1.0 + wins) / (2.0 + pairs);
            double bet = Math.max(0, Math.min(0.5, 2 * pHat - 1));
            double betSame = Math.max(0, Math.min(0.5 / (1 - p0), (p0 - pHat) / (p0 * (1 - p0))));
            k *= 1 + bet * (2 * x - 1);
            kSame *= 1 + betSame * (p0 - x);
            long[] cw = (byVector ? c.vector() : c.text()).words();
            long[] rw = (byVector ? r.vector() : r.text()).words();
            double norm = 0;
            for (double wv : witness) norm += wv * wv;
            double payoff = 0;
            double scale = 1 / Math.sqrt(dimension);
            for (int i = 0; i < dimension; i++) {
                int bc = (int) (cw[i >>> 6] >>> (i & 63) & 1L);
                int br = (int) (rw[i >>> 6] >>> (i & 63) & 1L);
                double diff = (bc - br) * 2 * scale; // phi(c) - phi(r): 0 or +-2/sqrt(D)
                if (diff != 0) {
                    if (norm > 0) payoff += witness[i] * diff;
                    witness[i] += diff;
                }
            }
            if (norm > 0) {
                payoff = payoff / Math.sqrt(norm) / 2;
                double m = payoffSquares > 0 ? Math.max(0, Math.min(0.5, payoffSum / payoffSquares)) : 0;
                kWitness *= 1 + m * payoff;
                payoffSum += payoff;
                payoffSquares += payoff * payoff;
            }
            pairs++;
            wins += x;
            if (kWitness >= targetDifferent) {
                return new Result(Verifier.Verdict.DIFFERENT, pairs, kWitness, kSame, wins / (double) pairs, candidate.size(), String.format(java.util.Locale.ROOT,
                        "after %d pairs the candidate's answers are shifted the same way from the reference's: the witness evidence %.4g reached 2/alpha = %.4g",
                        pairs, kWitness, targetDifferent));
            }
            if (k >= targetDifferent) {
                return new Result(Verifier.Verdict.DIFFERENT, pairs, k, kSame, wins / (double) pairs, candidate.size(), String.format(java.util.Locale.ROOT,
                        "after %d pairs the candidate was the farther in %d; the evidence %.4g reached 2/alpha = %.4g", pairs, wins, k, targetDifferent));
            }
            if (kSame >= target && kWitness < 1) {
                return new Result(Verifier.Verdict.SAME, pairs, k, kSame, wins / (double) pairs, candidate.size(), String.format(java.util.Locale.ROOT,
                        "after %d pairs the candidate was the farther in %d; the evidence against a share of %.3f or more reached 1/alpha = %.4g",
                        pairs, wins, p0, target));
            }
        }
        return new Result(Verifier.Verdict.UNDECIDED, pairs, Math.max(k, kWitness), kSame, pairs == 0 ? Double.NaN : wins / (double) pairs,
                candidate.size(), pairs == 0 ? "no candidate response could be paired with a reference response"
                        : String.format(java.util.Locale.ROOT, "the responses ran out after %d pairs (evidence for different %.4g from the"
                                + " farther-share bettor and %.4g from the witness bettor, 2/alpha = %.4g; for same %.4g, 1/alpha = %.4g)",
                        pairs, k, kWitness, targetDifferent, kSame, target));
    }

    private static EncodedResponse next(Deque<EncodedResponse> q, java.util.Set<EncodedResponse> used) {
        if (q == null) return null;
        while (!q.isEmpty()) {
            EncodedResponse r = q.poll();
            if (!used.contains(r)) return r;
        }
        return null;
    }

    private static EncodedResponse draw(List<EncodedResponse> unused, java.util.Set<EncodedResponse> used, SplittableRandom rng) {
        while (!unused.isEmpty()) {
            int i = rng.nextInt(unused.size());
            EncodedResponse r = unused.get(i);
            unused.set(i, unused.get(unused.size() - 1));
            unused.remove(unused.size() - 1);
            if (!used.contains(r)) return r;
        }
        return null;
    }
}
