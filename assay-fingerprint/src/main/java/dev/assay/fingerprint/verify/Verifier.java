package dev.assay.fingerprint.verify;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Are these responses from the same model as the reference? A kernel two-sample permutation test
 * ({@link PermutationMmd}) on the encoded responses:
 * <ul>
 *   <li>{@link Mode#PROBE}: both sides answered the same prompts; only prompts answered on both sides count, and
 *       responses are only exchanged within a prompt (a stratified test), so prompt content cannot pass for a
 *       difference between models;</li>
 *   <li>{@link Mode#TRAFFIC}: responses to different prompts (live traffic), exchanged freely; valid when both
 *       sides' prompts come from the same distribution.</li>
 * </ul>
 * The verdict: DIFFERENT when p &lt; alpha (the false-alarm rate, exact under exchangeability); SAME when p &ge;
 * alpha and the bootstrap upper (1 - alpha) bound of the effect size (unbiased MMD^2 over the pooled spread, the
 * share of within-model variability that separates the samples) is at most the tolerance, that is the data rule
 * out a difference that matters; UNDECIDED otherwise, and when either side has fewer than {@code minResponses}.
 */
public final class Verifier {
    public enum Mode { PROBE, TRAFFIC }

    public enum Verdict { SAME, DIFFERENT, UNDECIDED }

    /** How to verify; {@link #DEFAULT} and the DEFAULT_* constants give the defaults. */
    public record Config(Mode mode, double alpha, int permutations, long seed, double tolerance, int minResponses,
                         int bootstrap, Kernel kernel) {
        public static final double DEFAULT_ALPHA = 0.01;
        public static final int DEFAULT_PERMUTATIONS = 1_000;
        public static final long DEFAULT_SEED = 1;
        public static final double DEFAULT_TOLERANCE = 0.05;
        public static final int DEFAULT_MIN_RESPONSES = 5;
        public static final int DEFAULT_BOOTSTRAP = 200;
        public static final Config DEFAULT = new Config(Mode.PROBE, DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED,
                DEFAULT_TOLERANCE, DEFAULT_MIN_RESPONSES, DEFAULT_BOOTSTRAP, null);

        public Config {
            Objects.requireNonNull(mode, "mode");
            if (!(alpha > 0 && alpha < 1)) throw new InvalidInputException("alpha must be between 0 and 1, but was " + alpha);
            if (permutations < 1 || permutations > 1_000_000) {
                throw new InvalidInputException("permutations must be 1 to 1000000, but was " + permutations);
            }
            if ((1.0 / (permutations + 1)) >= alpha) {
                throw new InvalidInputException("with " + permutations + " permutations no p-value can be below alpha " + alpha
                        + "; use at least " + (int) Math.ceil(1 / alpha) + " permutations");
            }
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) throw new InvalidInputException("tolerance must be finite and non-negative, but was " + tolerance);
            if (minResponses < 2) throw new InvalidInputException("min responses must be at least 2, but was " + minResponses);
            if (bootstrap < 0 || bootstrap > 100_000) throw new InvalidInputException("bootstrap must be 0 to 100000, but was " + bootstrap);
            if (kernel == null) kernel = mode == Mode.PROBE ? Kernel.TEXT_AND_STRUCTURE : Kernel.TEXT;
        }

        public Config withMode(Mode m) {
            return new Config(m, alpha, permutations, seed, tolerance, minResponses, bootstrap,
                    kernel == (mode == Mode.PROBE ? Kernel.TEXT_AND_STRUCTURE : Kernel.TEXT) ? null : kernel);
        }

        public Config withAlpha(double a) {
            return new Config(mode, a, permutations, seed, tolerance, minResponses, bootstrap, kernel);
        }

        public Config withSeed(long s) {
            return new Config(mode, alpha, permutations, s, tolerance, minResponses, bootstrap, kernel);
        }

        public Config withPermutations(int p) {
            return new Config(mode, alpha, p, seed, tolerance, minResponses, bootstrap, kernel);
        }

        public Config withTolerance(double t) {
            return new Config(mode, alpha, permutations, seed, t, minResponses, bootstrap, kernel);
        }

        public Config withKernel(Kernel k) {
            return new Config(mode, alpha, permutations, seed, tolerance, minResponses, bootstrap, Objects.requireNonNull(k, "kernel"));
        }
    }

    /** A verification's outcome with its evidence. */
    public record Result(Verdict verdict, Mode mode, double pValue, double statistic, double mmd2Unbiased, double effect,
                         double effectUpper, double alpha, double tolerance, int permutations, long seed,
                         int referenceResponses, int candidateResponses, int probes, String reason) {}

    private Verifier() {}

    /** Verifies {@code candidate} against {@code reference}. */
    public static Result verify(List<EncodedResponse> reference, List<EncodedResponse> candidate, Config config) {
        Objects.requireNonNull(config, "config");
        List<EncodedResponse> ref = reference;
        List<EncodedResponse> cand = candidate;
        if (!ref.isEmpty() && !cand.isEmpty() && ref.get(0).dimension() != cand.get(0).dimension()) {
            throw new InvalidInputException("reference and candidate were encoded with different dimensions ("
                    + ref.get(0).dimension() + " and " + cand.get(0).dimension() + ")");
        }
        int probes = 0;
        if (config.mode() == Mode.PROBE) {
            Set<String> common = new LinkedHashSet<>();
            Set<String> candProbes = new java.util.HashSet<>();
            for (EncodedResponse r : cand) candProbes.add(r.probeId());
            for (EncodedResponse r : ref) if (candProbes.contains(r.probeId())) common.add(r.probeId());
            ref = ref.stream().filter(r -> common.contains(r.probeId())).toList();
            cand = cand.stream().filter(r -> common.contains(r.probeId())).toList();
            probes = common.size();
            if (probes == 0 && !reference.isEmpty() && !candidate.isEmpty()) {
                throw new InvalidInputException("the reference and the candidate answered no prompt in common; "
                        + "probe mode compares answers to the same prompts (use traffic mode for different prompts)");
            }
        }
        if (ref.size() < config.minResponses() || cand.size() < config.minResponses()) {
            return new Result(Verdict.UNDECIDED, config.mode(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    config.alpha(), config.tolerance(), 0, config.seed(), ref.size(), cand.size(), probes,
                    "too few responses to decide: " + ref.size() + " reference and " + cand.size()
                            + " candidate, at least " + config.minResponses() + " each are needed");
        }
        List<EncodedResponse> all = new ArrayList<>(ref);
        all.addAll(cand);
        boolean[] inRef = new boolean[all.size()];
        Arrays.fill(inRef, 0, ref.size(), true);
        int[] strata = new int[all.size()];
        if (config.mode() == Mode.PROBE) {
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < all.size(); i++) strata[i] = ids.computeIfAbsent(all.get(i).probeId(), x -> ids.size());
        }
        PermutationMmd test = new PermutationMmd(config.kernel().gram(all));
        PermutationMmd.Result r = test.test(inRef, strata, config.permutations(), config.seed());
        double upper = effectUpperBound(test, inRef, strata, config);
        Verdict verdict;
        String reason;
        if (r.pValue() < config.alpha()) {
            verdict = Verdict.DIFFERENT;
            reason = String.format(java.util.Locale.ROOT, "p = %.4g < alpha %.4g: the candidate's responses differ from the reference's", r.pValue(), config.alpha());
        } else if (upper <= config.tolerance()) {
            verdict = Verdict.SAME;
            reason = String.format(java.util.Locale.ROOT, "p = %.4g >= alpha and the effect is at most %.4g (upper bound) <= tolerance %.4g", r.pValue(), upper, config.tolerance());
        } else {
            verdict = Verdict.UNDECIDED;
            reason = String.format(java.util.Locale.ROOT, "no significant difference (p = %.4g), but an effect up to %.4g > tolerance %.4g is not ruled out: more responses are needed", r.pValue(), upper, config.tolerance());
        }
        return new Result(verdict, config.mode(), r.pValue(), r.statistic(), r.mmd2Unbiased(), r.effect(), upper,
                config.alpha(), config.tolerance(), r.permutations(), config.seed(), ref.size(), cand.size(), probes, reason);
    }

    /**
     * The (1 - alpha) quantile of the effect size over bootstrap resamples: of strata (whole prompts with all their
     * responses) in probe mode, of responses within each sample in traffic mode.
     */
    private static double effectUpperBound(PermutationMmd test, boolean[] inRef, int[] strata, Config config) {
        if (config.bootstrap() == 0) return Double.POSITIVE_INFINITY;
        int n = inRef.length;
        int maxStratum = Arrays.stream(strata).max().orElse(0);
        SplittableRandom rng = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        double[] effects = new double[config.bootstrap()];
        List<List<Integer>> byStratum = new ArrayList<>();
        for (int s = 0; s <= maxStratum; s++) byStratum.add(new ArrayList<>());
        for (int i = 0; i < n; i++) byStratum.get(strata[i]).add(i);
        int[] refIdx = java.util.stream.IntStream.range(0, n).filter(i -> inRef[i]).toArray();
        int[] candIdx = java.util.stream.IntStream.range(0, n).filter(i -> !inRef[i]).toArray();
        for (int b = 0; b < effects.length; b++) {
            int[] g;
            int[] h;
            if (maxStratum > 0) {
                List<Integer> gl = new ArrayList<>();
                List<Integer> hl = new ArrayList<>();
                for (int s = 0; s <= maxStratum; s++) {
                    for (int i : byStratum.get(rng.nextInt(maxStratum + 1))) (inRef[i] ? gl : hl).add(i);
                }
                g = gl.stream().mapToInt(Integer::intValue).toArray();
                h = hl.stream().mapToInt(Integer::intValue).toArray();
            } else {
                g = resample(refIdx, rng);
                h = resample(candIdx, rng);
            }
            double spread = test.spread(g, h);
            effects[b] = spread > 0 ? test.unbiased(g, h) / spread : 0;
        }
        Arrays.sort(effects);
        int at = (int) Math.ceil((1 - config.alpha()) * effects.length) - 1;
        return effects[Math.max(0, Math.min(effects.length - 1, at))];
    }

    private static int[] resample(int[] x, SplittableRandom rng) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[rng.nextInt(x.length)];
        return out;
    }
}
