package dev.assay.fingerprint.identify;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.signature.MeanVectors;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Which reference model produced these responses? Each reference's prototype is the mean of its responses' text
 * hypervectors in +-1 form (from the signature's exact counters, over all its probes); the candidate's is the mean
 * of its k responses; with three references or more the mean of all references' prototypes is subtracted from
 * both (what every model writes, the task's own words, does not count toward any); the score is their cosine, and
 * the highest score names the model.
 *
 * <p>Open set: the best model is named only if its score reaches the alpha-quantile of the scores the model's own
 * responses get in the same situation: k responses drawn from the reference's sample, scored against the prototype
 * of the reference without them (leave-k-out, from the exact counters), repeated {@code draws} times. So a
 * response set of a known model is called "none" with probability about alpha, and a model absent from the
 * references is called "none" when its responses are less like the best reference than that reference's own.
 */
public final class Identifier {
    /** Settings: the open-set false-"none" rate, the calibration draws and their seed. */
    public record Config(double alpha, int draws, long seed) {
        public static final double DEFAULT_ALPHA = 0.01;
        public static final int DEFAULT_DRAWS = 500;
        public static final long DEFAULT_SEED = 1;
        public static final Config DEFAULT = new Config(DEFAULT_ALPHA, DEFAULT_DRAWS, DEFAULT_SEED);

        public Config {
            if (!(alpha >= 0 && alpha < 1)) throw new InvalidInputException("alpha must be in [0, 1), but was " + alpha);
            if (draws < 1 || draws > 100_000) throw new InvalidInputException("draws must be 1 to 100000, but was " + draws);
        }
    }

    /** One reference's score. */
    public record Score(String model, double score) {}

    /**
     * The outcome: the model named (null for none), the scores best first, the open-set threshold the best had to
     * reach (NaN when it could not be calibrated: a reference sample of k responses or fewer, or alpha 0), the
     * number of candidate responses and a sentence saying why.
     */
    public record Identification(String model, List<Score> scores, double threshold, int responses, String reason) {
        public Identification {
            scores = List.copyOf(scores);
        }

        public boolean named() {
            return model != null;
        }
    }

    private record Reference(String model, Signature signature, long n, long[] counts, double[] mean, double[] prototype) {}

    private final List<Reference> references = new ArrayList<>();
    private final Config config;
    private final int dimension;
    /** The mean of the references' mean vectors, subtracted from every vector before cosines (with 3 references or more). */
    private final double[] center;
    static final int MIN_REFERENCES_TO_CENTER = 3;
    /** Open-set thresholds by reference model and number of responses: they depend on nothing else. */
    private final java.util.Map<String, Double> thresholds = new java.util.concurrent.ConcurrentHashMap<>();

    /** An identifier among {@code references}, each named by its model id (which must be set and distinct). */
    public Identifier(List<Signature> references, Config config) {
        this.config = Objects.requireNonNull(config, "config");
        if (references.isEmpty()) throw new InvalidInputException("identification needs at least one reference");
        Signature first = references.get(0);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Signature s : references) {
            first.requireCompatible(s);
            if (s.modelId().isEmpty()) throw new InvalidInputException("a reference has no model id; name it (--model) when building it");
            if (!names.add(s.modelId())) throw new InvalidInputException("two references name the same model " + s.modelId());
            if (s.responses() == 0) throw new InvalidInputException("reference " + s.modelId() + " has no response");
            Bundler all = s.textTotal();
            long[] counts = all.counts();
            this.references.add(new Reference(s.modelId(), s, all.count(), counts, MeanVectors.of(counts, all.count()), null));
        }
        this.dimension = first.config().dimension();
        this.center = new double[dimension];
        if (references.size() >= MIN_REFERENCES_TO_CENTER) {
            for (Reference r : this.references) {
                for (int i = 0; i < dimension; i++) center[i] += r.mean()[i] / this.references.size();
            }
        }
        this.references.replaceAll(r -> new Reference(r.model(), r.signature(), r.n(), r.counts(), r.mean(), unit(minus(r.mean(), center))));
    }

    /** Identifies the model behind {@code candidate} (one or more responses encoded like the references). */
    public Identification identify(List<EncodedResponse> candidate) {
        if (candidate.isEmpty()) throw new InvalidInputException("identification needs at least one candidate response");
        for (EncodedResponse r : candidate) {
            if (r.dimension() != dimension) {
                throw new InvalidInputException("a candidate response has dimension " + r.dimension() + ", the references " + dimension);
            }
        }
        double[] c = unit(minus(meanOf(candidate), center));
        List<Score> scores = new ArrayList<>();
        for (Reference ref : references) scores.add(new Score(ref.model(), dot(c, ref.prototype())));
        scores.sort(Comparator.comparingDouble(Score::score).reversed().thenComparing(Score::model));
        Score best = scores.get(0);
        Reference ref = references.stream().filter(r -> r.model().equals(best.model())).findFirst().orElseThrow();
        double threshold = thresholds.computeIfAbsent(ref.model() + "\u0000" + candidate.size(), x -> threshold(ref, candidate.size()));
        if (Double.isNaN(threshold)) {
            return new Identification(best.model(), scores, threshold, candidate.size(),
                    "closest reference; the open-set check was skipped (" + (config.alpha() == 0 ? "alpha 0"
                            : "its sample holds " + ref.signature().sample().size() + " responses, more than " + candidate.size() + " are needed") + ")");
        }
        if (best.score() < threshold) {
            return new Identification(null, scores, threshold, candidate.size(), String.format(java.util.Locale.ROOT,
                    "the closest reference, %s, scores %.4f, below %.4f, the %.3g-quantile of its own responses' scores: none of the references",
                    best.model(), best.score(), threshold, config.alpha()));
        }
        return new Identification(best.model(), scores, threshold, candidate.size(), String.format(java.util.Locale.ROOT,
                "closest reference, scoring %.4f (its own responses score at least %.4f with probability %.3g)",
                best.score(), threshold, 1 - config.alpha()));
    }

    /** The alpha-quantile of leave-k-out scores of k responses drawn from the reference's sample. */
    private double threshold(Reference ref, int k) {
        List<EncodedResponse> sample = ref.signature().sample();
        if (config.alpha() == 0 || sample.size() <= k || ref.n() <= k) return Double.NaN;
        SplittableRandom rng = new SplittableRandom(config.seed());
        double[] scores = new double[config.draws()];
        int[] idx = new int[sample.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        List<EncodedResponse> drawn = new ArrayList<>(k);
        for (int d = 0; d < scores.length; d++) {
            drawn.clear();
            for (int i = 0; i < k; i++) {
                int j = i + rng.nextInt(idx.length - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
                drawn.add(sample.get(idx[i]));
            }
            double[] proto = unit(minus(MeanVectors.without(ref.counts(), ref.n(), drawn.stream().map(EncodedResponse::text).toList()), center));
            scores[d] = dot(unit(minus(meanOf(drawn), center)), proto);
        }
        Arrays.sort(scores);
        int at = (int) Math.floor(config.alpha() * scores.length);
        return scores[Math.min(at, scores.length - 1)];
    }

    /** The mean of the responses' text vectors in +-1 form. */
    private double[] meanOf(List<EncodedResponse> rs) {
        double[] m = new double[dimension];
        double inc = 1.0 / rs.size();
        for (EncodedResponse r : rs) {
            long[] w = r.text().words();
            for (int i = 0; i < dimension; i++) m[i] += (w[i >>> 6] >>> (i & 63) & 1L) != 0 ? inc : -inc;
        }
        return m;
    }

    /** {@code v - c}, in place. */
    private static double[] minus(double[] v, double[] c) {
        for (int i = 0; i < v.length; i++) v[i] -= c[i];
        return v;
    }

    private static double[] unit(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        if (s == 0) return v;
        double inv = 1 / Math.sqrt(s);
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
