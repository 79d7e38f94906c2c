package dev.assay.fingerprint.probe;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.hv.Hypervector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Orders probes so that few answers identify a model. Every strategy is deterministic for a seed and independent of
 * the order of its inputs (probes are taken by id; ties go to the lower seeded rank, a SHA-256 of the seed and id).
 *
 * <ul>
 *   <li>{@link Strategy#INFORMATION_GAIN}: greedy on a {@link Separation}. With B_ab(S) the summed Bhattacharyya
 *       distance of pair (a, b) over the chosen probes S, the next probe maximises
 *       {@code sum_ab e^-B_ab(S) (1 - e^-B_ab(p))}: the drop in the pairwise bound on the identification error
 *       {@code sum_ab e^-B_ab}. Pairs the chosen probes already separate weigh little, so a probe that repeats what
 *       is known gains little. The objective {@code sum_ab (1 - e^-B_ab(S))} is monotone submodular (a concave
 *       function of a sum, summed), so the greedy order is within 1 - 1/e of the best set of each size.</li>
 *   <li>{@link Strategy#UNCERTAINTY}: a {@link Session}: after each answer the posterior over the candidates is
 *       updated from the answer's scores, and the next probe minimises the Bhattacharyya bound on the error that
 *       remains, {@code sum_ab sqrt(p_a p_b) e^-B_ab(p)}: candidates the answers have ruled out no longer count.</li>
 *   <li>{@link Strategy#DIVERSITY}: farthest-point over the prompts' text vectors: first the prompt most like the
 *       others (highest mean similarity), then each time the prompt farthest from its nearest chosen one.</li>
 *   <li>{@link Strategy#RANDOM}: by seeded rank.</li>
 * </ul>
 */
public final class ProbeSelector {
    /** Neighbours a transferred separation averages by default. */
    public static final int DEFAULT_NEIGHBOURS = 8;
    private static final double TIE = 1e-12;

    private ProbeSelector() {}

    /**
     * The first {@code count} probes of {@code probes} in the order of {@code strategy}. INFORMATION_GAIN needs a
     * {@code separation} covering every probe; DIVERSITY the encoder configuration for the prompts' vectors;
     * UNCERTAINTY is adaptive and needs a {@link #session}.
     */
    public static ProbeSet select(Strategy strategy, ProbeSet probes, Separation separation, EncoderConfig config, int count, long seed) {
        Objects.requireNonNull(strategy, "strategy");
        return switch (strategy) {
            case RANDOM -> random(probes, count, seed);
            case DIVERSITY -> diversity(probes, Objects.requireNonNull(config, "config"), count, seed);
            case INFORMATION_GAIN -> {
                if (separation == null) throw new InvalidInputException("information-gain selection needs references of the candidate models");
                yield informationGain(probes, separation, count, seed);
            }
            case UNCERTAINTY -> throw new InvalidInputException(
                    "uncertainty selection is adaptive: it picks each probe after the previous answer (open a session)");
        };
    }

    private static List<Probe> byId(ProbeSet probes, int count) {
        if (count < 1 || count > probes.size()) {
            throw new InvalidInputException("count must be 1 to the " + probes.size() + " probes of the set, but was " + count);
        }
        List<Probe> sorted = new ArrayList<>(probes.probes());
        sorted.sort(Comparator.comparing(Probe::id));
        return sorted;
    }

    private static long[] ranks(List<Probe> probes, long seed) {
        long[] r = new long[probes.size()];
        for (int i = 0; i < r.length; i++) r[i] = Ranks.of(seed, probes.get(i).id());
        return r;
    }

    /** The first {@code count} probes by seeded rank. */
    public static ProbeSet random(ProbeSet probes, int count, long seed) {
        List<Probe> sorted = byId(probes, count);
        long[] r = ranks(sorted, seed);
        Integer[] idx = new Integer[sorted.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Long.compareUnsigned(r[a], r[b]));
        List<Probe> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(sorted.get(idx[i]));
        return new ProbeSet(out);
    }

    /** Farthest-point order over the prompts' text vectors under {@code config}. */
    public static ProbeSet diversity(ProbeSet probes, EncoderConfig config, int count, long seed) {
        List<Probe> sorted = byId(probes, count);
        long[] r = ranks(sorted, seed);
        Hypervector[] v = PromptVectors.of(sorted, config);
        int n = sorted.size();
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) dist[i][j] = dist[j][i] = 1 - v[i].similarity(v[j]);
        }
        boolean[] taken = new boolean[n];
        List<Probe> out = new ArrayList<>(count);
        int first = -1;
        double bestCentral = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += dist[i][j];
            if (first < 0 || better(-s, -bestCentral, r[i], r[first])) {
                first = i;
                bestCentral = s;
            }
        }
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int next = first;
        while (true) {
            taken[next] = true;
            out.add(sorted.get(next));
            if (out.size() == count) break;
            for (int j = 0; j < n; j++) nearest[j] = Math.min(nearest[j], dist[next][j]);
            next = -1;
            for (int j = 0; j < n; j++) {
                if (taken[j]) continue;
                if (next < 0 || better(nearest[j], nearest[next], r[j], r[next])) next = j;
            }
        }
        return new ProbeSet(out);
    }

    /** Whether a candidate with value {@code v} and rank {@code rv} beats the best so far (higher value, then lower rank). */
    private static boolean better(double v, double best, long rv, long rBest) {
        double tol = TIE * Math.max(1, Math.abs(best));
        if (v > best + tol) return true;
        return v >= best - tol && Ranks.before(rv, rBest);
    }

    /** Greedy order on {@code separation} (which must cover every probe of the set). */
    public static ProbeSet informationGain(ProbeSet probes, Separation separation, int count, long seed) {
        List<Probe> sorted = byId(probes, count);
        long[] r = ranks(sorted, seed);
        double[][] gain = rows(sorted, separation);
        int pairs = Separation.pairs(separation.models().size());
        double[] weight = new double[pairs];
        Arrays.fill(weight, 1);
        boolean[] taken = new boolean[sorted.size()];
        List<Probe> out = new ArrayList<>(count);
        while (out.size() < count) {
            int best = -1;
            double bestGain = 0;
            for (int p = 0; p < sorted.size(); p++) {
                if (taken[p]) continue;
                double g = 0;
                double[] e = gain[p];
                for (int q = 0; q < pairs; q++) g += weight[q] * e[q];
                if (best < 0 || better(g, bestGain, r[p], r[best])) {
                    best = p;
                    bestGain = g;
                }
            }
            taken[best] = true;
            out.add(sorted.get(best));
            for (int q = 0; q < pairs; q++) weight[q] *= 1 - gain[best][q];
        }
        return new ProbeSet(out);
    }

    /** Per probe and pair, {@code 1 - e^-B}: the share of a pair's remaining confusion the probe removes. */
    private static double[][] rows(List<Probe> probes, Separation separation) {
        double[][] out = new double[probes.size()][];
        for (int p = 0; p < out.length; p++) {
            double[] d = separation.row(probes.get(p).id());
            if (d == null) {
                throw new InvalidInputException("probe " + probes.get(p).id()
                        + " has no separation: the references never answered it (predict one from the prompts with Separation.transfer)");
            }
            out[p] = new double[d.length];
            for (int q = 0; q < d.length; q++) out[p][q] = -Math.expm1(-d[q]);
        }
        return out;
    }

    /**
     * An adaptive selection over {@code probes} (UNCERTAINTY): the posterior over the separation's candidates starts
     * uniform, each answer's scores divide by {@code temperature} to log-likelihoods (see {@link #calibrateTemperature}).
     */
    public static Session session(ProbeSet probes, Separation separation, double temperature, long seed) {
        return new Session(probes, separation, temperature, seed);
    }

    /** An adaptive selection: ask {@link #next()}, then {@link #observe} the answer's scores. Not thread-safe. */
    public static final class Session {
        private final List<Probe> probes;
        private final long[] ranks;
        private final double[][] gain;
        private final boolean[] asked;
        private final Separation separation;
        private final double temperature;
        private final double[] logPosterior;
        private final List<Probe> order = new ArrayList<>();

        private Session(ProbeSet probes, Separation separation, double temperature, long seed) {
            this.separation = Objects.requireNonNull(separation, "separation");
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new InvalidInputException("temperature must be positive and finite, but was " + temperature);
            }
            this.probes = byId(probes, 1);
            this.ranks = ranks(this.probes, seed);
            this.gain = rows(this.probes, separation);
            this.asked = new boolean[this.probes.size()];
            this.temperature = temperature;
            this.logPosterior = new double[separation.models().size()];
        }

        /** The next probe to ask: the one leaving the least posterior-weighted confusion; null when all were asked. */
        public Probe next() {
            double[] post = posteriorArray();
            int m = post.length;
            double[] w = new double[Separation.pairs(m)];
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) w[Separation.pairIndex(a, b, m)] = Math.sqrt(post[a] * post[b]);
            }
            int best = -1;
            double bestGain = 0;
            for (int p = 0; p < probes.size(); p++) {
                if (asked[p]) continue;
                double g = 0;
                for (int q = 0; q < w.length; q++) g += w[q] * gain[p][q];
                if (best < 0 || better(g, bestGain, ranks[p], ranks[best])) {
                    best = p;
                    bestGain = g;
                }
            }
            return best < 0 ? null : probes.get(best);
        }

        /**
         * Records the answer to {@code probeId}: {@code scores} holds, per candidate model, how well the answer matches
         * it (higher is closer; a similarity or a log-likelihood times the temperature).
         */
        public void observe(String probeId, Map<String, Double> scores) {
            int p = -1;
            for (int i = 0; i < probes.size(); i++) if (probes.get(i).id().equals(probeId)) p = i;
            if (p < 0) throw new InvalidInputException("probe " + probeId + " is not in the session's probe set");
            if (asked[p]) throw new InvalidInputException("probe " + probeId + " was answered already");
            List<String> models = separation.models();
            double[] add = new double[models.size()];
            for (int a = 0; a < add.length; a++) {
                Double s = scores.get(models.get(a));
                if (s == null || !Double.isFinite(s)) throw new InvalidInputException("the answer to " + probeId + " has no finite score for " + models.get(a));
                add[a] = s / temperature;
            }
            if (scores.size() != models.size()) throw new InvalidInputException("the answer to " + probeId + " scores models that are not candidates");
            for (int a = 0; a < add.length; a++) logPosterior[a] += add[a];
            asked[p] = true;
            order.add(probes.get(p));
        }

        private double[] posteriorArray() {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : logPosterior) max = Math.max(max, x);
            double[] p = new double[logPosterior.length];
            double sum = 0;
            for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logPosterior[i] - max);
            for (int i = 0; i < p.length; i++) p[i] /= sum;
            return p;
        }

        /** The posterior over the candidates, by model. */
        public Map<String, Double> posterior() {
            double[] p = posteriorArray();
            Map<String, Double> out = new LinkedHashMap<>();
            for (int i = 0; i < p.length; i++) out.put(separation.models().get(i), p[i]);
            return out;
        }

        /** The probes answered so far, in order. */
        public List<Probe> asked() {
            return List.copyOf(order);
        }
    }

    /**
     * The temperature that makes {@code softmax(scores / t)} the best-calibrated posterior over candidates: the t
     * maximising the mean log-probability of the true candidate {@code truth[i]} of each row (a grid over log t from
     * 1e-6 to 1e3, then golden-section refinement). Rows are per-answer scores of held-out answers of known models.
     */
    public static double calibrateTemperature(double[][] scores, int[] truth) {
        if (scores.length == 0 || scores.length != truth.length) {
            throw new InvalidInputException("calibration needs one true candidate per row of scores, and at least one row");
        }
        boolean varies = false;
        for (int i = 0; i < scores.length; i++) {
            if (truth[i] < 0 || truth[i] >= scores[i].length) throw new InvalidInputException("row " + i + ": true candidate " + truth[i] + " is out of range");
            for (double x : scores[i]) {
                if (!Double.isFinite(x)) throw new InvalidInputException("row " + i + " holds a non-finite score");
                if (x != scores[i][0]) varies = true;
            }
        }
        if (!varies) throw new InvalidInputException("the calibration scores do not vary: no temperature fits them");
        double lo = -6;
        double best = lo;
        double bestL = Double.NEGATIVE_INFINITY;
        for (double x = lo; x <= 3 + 1e-9; x += 0.1) {
            double l = logLikelihood(scores, truth, Math.pow(10, x));
            if (l > bestL) {
                bestL = l;
                best = x;
            }
        }
        double a = best - 0.1;
        double b = best + 0.1;
        double phi = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 40; it++) {
            double c = b - phi * (b - a);
            double d = a + phi * (b - a);
            if (logLikelihood(scores, truth, Math.pow(10, c)) >= logLikelihood(scores, truth, Math.pow(10, d))) b = d;
            else a = c;
        }
        double refined = (a + b) / 2;
        return Math.pow(10, logLikelihood(scores, truth, Math.pow(10, refined)) >= bestL ? refined : best);
    }

    private static double logLikelihood(double[][] scores, int[] truth, double t) {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : scores[i]) max = Math.max(max, x / t);
            double z = 0;
            for (double x : scores[i]) z += Math.exp(x / t - max);
            sum += scores[i][truth[i]] / t - max - Math.log(z);
        }
        return sum / scores.length;
    }

    /**
     * The probes and, after each, its adversarial variants of {@code kinds} (in the enum's order), each a new probe
     * with a derived id (see {@link Variant}); a character-level variant that would leave a prompt unchanged is left out.
     */
    public static ProbeSet withVariants(ProbeSet probes, Collection<Variant> kinds, long seed) {
        List<Variant> ordered = kinds.stream().distinct().sorted().toList();
        if (ordered.isEmpty()) throw new InvalidInputException("name at least one variant kind");
        List<Probe> out = new ArrayList<>();
        for (Probe p : probes.probes()) {
            out.add(p);
            for (Variant v : ordered) {
                Probe derived = Variants.apply(v, p, seed);
                if (derived != null) out.add(derived);
            }
        }
        return new ProbeSet(out);
    }
}
