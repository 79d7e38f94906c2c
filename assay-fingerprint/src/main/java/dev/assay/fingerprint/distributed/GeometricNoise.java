package dev.assay.fingerprint.distributed;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Two-sided geometric noise (the discrete Laplace mechanism, Ghosh, Roughgarden and Sundararajan 2009) on a
 * signature's counters, as {@link SiteNoise.Geometric} defines it. A draw is the difference of two independent
 * geometric variables G with P(G = k) = (1 - a) a^k, each drawn by inversion, G = floor(-ln U / epsilon) with U
 * uniform on (0, 1]; the difference has P(X = k) = (1 - a) / (1 + a) a^|k| and variance 2a / (1 - a)^2, a = exp(-epsilon).
 * O(1) per counter; draws in a fixed order (probes by id, then vector count, log-probability count, text, structure, vector, log-probability
 * positions).
 */
final class GeometricNoise {
    private final double epsilon;
    private final SplittableRandom random;

    GeometricNoise(double epsilon, SplittableRandom random) {
        this.epsilon = epsilon;
        this.random = random;
    }

    /** The variance of one draw: 2a / (1 - a)^2 with a = exp(-epsilon). */
    static double variance(double epsilon) {
        double a = Math.exp(-epsilon);
        double oneMinusA = -Math.expm1(-epsilon);
        return 2 * a / (oneMinusA * oneMinusA);
    }

    /** One draw of X; saturates rather than overflows for a tiny epsilon. */
    long draw() {
        return geometric() - geometric();
    }

    private long geometric() {
        double u = 1.0 - random.nextDouble();
        return (long) Math.floor(-Math.log(u) / epsilon);
    }

    /** {@code value} (not negative) plus one draw, clamped to [0, max]: the clamp is post-processing. */
    long noised(long value, long max) {
        long x = draw();
        long sum = value + x;
        if (((value ^ sum) & (x ^ sum)) < 0) sum = Long.MAX_VALUE;
        return Math.clamp(sum, 0, max);
    }

    /**
     * The counters with noise: each probe's count kept, its vector and log-probability counts noised and clamped to
     * [0, count], its text and structure counts clamped to [0, count], its vector counts to [0, noised vector count],
     * its log-probability counts to [0, noised log-probability count].
     */
    SignatureCounters apply(SignatureCounters exact) {
        int d = exact.config().dimension();
        List<String> ids = List.copyOf(exact.probeIds());
        long[] flat = exact.flatten(ids);
        int len = SignatureCounters.blockLength(d);
        for (int p = 0; p < ids.size(); p++) {
            int base = p * len;
            long n = flat[base];
            flat[base + 1] = noised(flat[base + 1], n);
            flat[base + 2] = noised(flat[base + 2], n);
            long vectors = flat[base + 1];
            long logprobs = flat[base + 2];
            int counters = base + SignatureCounters.HEADER;
            for (int i = 0; i < 2 * d; i++) flat[counters + i] = noised(flat[counters + i], n);
            for (int i = 0; i < d; i++) {
                int at = counters + SignatureCounters.VECTOR * d + i;
                flat[at] = noised(flat[at], vectors);
            }
            for (int i = 0; i < d; i++) {
                int at = counters + SignatureCounters.LOGPROB * d + i;
                flat[at] = noised(flat[at], logprobs);
            }
        }
        return SignatureCounters.unflatten(exact.config(), ids, flat);
    }
}
