package dev.assay.fingerprint.probe;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.signature.MeanVectors;
import dev.assay.fingerprint.signature.ProbeCounts;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How well each probe tells each pair of candidate models apart: per probe and unordered pair (a, b), the
 * Bhattacharyya distance between the two models' response distributions at that probe, under an isotropic Gaussian
 * model of the +-1 text vectors: {@code B = |m_a - m_b|^2 / (8 s^2)}, m the models' mean vectors at the probe and s^2
 * the within-model variance per coordinate (both per D). Distances add over independent probes, and
 * {@code sqrt(p_a p_b) e^-B} bounds the probability of confusing a with b (priors p), which is what the strategies
 * minimise.
 *
 * <p>The within-model variance comes, in order of preference, from the probe's own replicates (models with two or
 * more responses to it; then the squared distance is corrected for the means' own noise, {@code s_a^2/n_a + s_b^2/n_b}),
 * from the replicates of the other probes (pooled), or, when every model answered every probe once, from each model's
 * spread over all its responses (which includes the probes' own differences: an overestimate, so the distances are
 * conservative, and the plug-in distance of single answers is not corrected). {@link #basis()} says which.
 *
 * <p>Models are held sorted by id and probes by id, so a separation does not depend on the order of its inputs.
 */
public final class Separation {
    /** Where the within-model variance came from. */
    public enum Basis { PROBE_REPLICATES, POOLED_REPLICATES, ACROSS_PROBES, SCORE_MARGINS, TRANSFERRED, GIVEN }

    private final List<String> models;
    private final Map<String, Integer> modelIndex = new HashMap<>();
    private final TreeMap<String, double[]> byProbe;
    private final Basis basis;

    private Separation(List<String> models, TreeMap<String, double[]> byProbe, Basis basis) {
        this.models = List.copyOf(models);
        for (int i = 0; i < this.models.size(); i++) modelIndex.put(this.models.get(i), i);
        this.byProbe = byProbe;
        this.basis = basis;
    }

    /**
     * A separation from given distances (per probe, one per pair of {@code models} in sorted order: (0,1), (0,2), ..,
     * (1,2), ..): for distances computed elsewhere.
     */
    public static Separation of(Collection<String> models, Map<String, double[]> byProbe) {
        List<String> sorted = sortedModels(models);
        int pairs = pairs(sorted.size());
        TreeMap<String, double[]> m = new TreeMap<>();
        for (Map.Entry<String, double[]> e : byProbe.entrySet()) {
            double[] d = e.getValue();
            if (d.length != pairs) {
                throw new InvalidInputException("probe " + e.getKey() + " has " + d.length + " pair distances, " + sorted.size() + " models have " + pairs + " pairs");
            }
            for (double x : d) {
                if (!(x >= 0) || Double.isInfinite(x)) throw new InvalidInputException("probe " + e.getKey() + " has a pair distance " + x + " (must be finite, at least 0)");
            }
            m.put(e.getKey(), d.clone());
        }
        if (m.isEmpty()) throw new InvalidInputException("a separation needs at least one probe");
        return new Separation(sorted, m, Basis.GIVEN);
    }

    private static List<String> sortedModels(Collection<String> models) {
        Set<String> seen = new HashSet<>();
        for (String m : models) {
            if (m == null || m.isEmpty()) throw new InvalidInputException("a reference has no model id; name it (--model) when building it");
            if (!seen.add(m)) throw new InvalidInputException("two references name the same model " + m);
        }
        if (seen.size() < 2) throw new InvalidInputException("probe selection needs at least two candidate models, but got " + seen.size());
        return new ArrayList<>(new TreeSet<>(seen));
    }

    static int pairs(int models) {
        return models * (models - 1) / 2;
    }

    /** The index of pair (a, b), a < b, among {@code models} models. */
    static int pairIndex(int a, int b, int models) {
        return a * (2 * models - a - 1) / 2 + (b - a - 1);
    }

    /**
     * The separation of {@code probeIds} from the references' per-probe counters (one signature per candidate model,
     * named, under one encoder configuration). A pair gets distance 0 (no evidence) at a probe either model never
     * answered.
     */
    public static Separation fromReferences(List<Signature> references, Collection<String> probeIds) {
        if (references.isEmpty()) throw new InvalidInputException("probe selection needs reference signatures");
        Signature first = references.get(0);
        for (Signature s : references) Signature.requireSameConfig(first.config(), s.config());
        List<String> models = sortedModels(references.stream().map(Signature::modelId).toList());
        Map<String, Signature> byModel = new HashMap<>();
        for (Signature s : references) byModel.put(s.modelId(), s);
        List<Signature> refs = models.stream().map(byModel::get).toList();
        Set<String> ids = new TreeSet<>(probeIds);
        if (ids.isEmpty()) throw new InvalidInputException("a separation needs at least one probe");
        int mCount = refs.size();
        int dim = first.config().dimension();

        // per probe: every model's mean vector, count and own within variance (NaN without replicates)
        Map<String, double[][]> means = new HashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        Map<String, double[]> variances = new HashMap<>();
        double pooledSum = 0;
        int pooledN = 0;
        for (String id : ids) {
            double[][] m = new double[mCount][];
            long[] n = new long[mCount];
            double[] v = new double[mCount];
            for (int a = 0; a < mCount; a++) {
                ProbeCounts pc = refs.get(a).probe(id);
                v[a] = Double.NaN;
                if (pc == null || pc.count() == 0) continue;
                n[a] = pc.count();
                Bundler text = pc.text();
                m[a] = MeanVectors.of(text.counts(), text.count());
                if (n[a] >= 2) {
                    v[a] = spread(m[a], n[a]);
                    pooledSum += v[a];
                    pooledN++;
                }
            }
            means.put(id, m);
            counts.put(id, n);
            variances.put(id, v);
        }
        double acrossProbes = Double.NaN;
        if (pooledN == 0) {
            double sum = 0;
            int k = 0;
            for (Signature s : refs) {
                Bundler total = s.textTotal();
                if (total.count() >= 2) {
                    sum += spread(MeanVectors.of(total.counts(), total.count()), total.count());
                    k++;
                }
            }
            if (k == 0 || !(sum > 0)) {
                throw new InvalidInputException("cannot estimate the models' spread: every reference holds a single response");
            }
            acrossProbes = sum / k;
        }
        double pooled = pooledN > 0 ? pooledSum / pooledN : acrossProbes;
        boolean anyOwn = false;
        TreeMap<String, double[]> out = new TreeMap<>();
        for (String id : ids) {
            double[][] m = means.get(id);
            long[] n = counts.get(id);
            double[] v = variances.get(id);
            double own = 0;
            int ownN = 0;
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    own += x;
                    ownN++;
                }
            }
            boolean replicated = ownN > 0;
            anyOwn |= replicated;
            double s2 = replicated ? own / ownN : pooled;
            double[] d = new double[pairs(mCount)];
            if (s2 > 0) {
                for (int a = 0; a < mCount; a++) {
                    if (m[a] == null) continue;
                    for (int b = a + 1; b < mCount; b++) {
                        if (m[b] == null) continue;
                        double sq = 0;
                        double[] x = m[a];
                        double[] y = m[b];
                        for (int i = 0; i < dim; i++) {
                            double t = x[i] - y[i];
                            sq += t * t;
                        }
                        sq /= dim;
                        if (replicated) {
                            double va = Double.isNaN(v[a]) ? s2 : v[a];
                            double vb = Double.isNaN(v[b]) ? s2 : v[b];
                            sq -= va / n[a] + vb / n[b];
                        }
                        d[pairIndex(a, b, mCount)] = Math.max(0, sq) / (8 * s2);
                    }
                }
            }
            out.put(id, d);
        }
        Basis basis = pooledN == 0 ? Basis.ACROSS_PROBES : anyOwn && ids.stream().allMatch(id -> Arrays.stream(variances.get(id)).anyMatch(x -> !Double.isNaN(x)))
                ? Basis.PROBE_REPLICATES : Basis.POOLED_REPLICATES;
        return new Separation(models, out, basis);
    }

    /**
     * The separation an identifier's scores give: {@code scores.get(probe)[a][b]} is how well model a's answer to the
     * probe scores for candidate b (higher is closer), each answer scored against references that did not see it
     * (leave-the-probe-out). For a pair (a, b) the decision direction is the score difference s_a - s_b: a's answer
     * lands at its margin {@code m_a = s_a - s_b}, b's at {@code -m_b}; the probe's Bhattacharyya distance along that
     * direction is {@code max(0, m_a + m_b)^2 / (8 v)}, v the pooled variance of the two models' margins over all the
     * probes (so a probe whose answers land on the wrong side gains nothing). Needs two probes or more.
     */
    public static Separation fromScores(Collection<String> models, Map<String, double[][]> scores) {
        List<String> given = new ArrayList<>(models);
        List<String> sorted = sortedModels(given);
        int m = sorted.size();
        int[] at = new int[m];
        for (int i = 0; i < m; i++) at[i] = given.indexOf(sorted.get(i));
        if (scores.size() < 2) throw new InvalidInputException("a separation from scores needs two probes or more, but got " + scores.size());
        TreeMap<String, double[][]> byId = new TreeMap<>(scores);
        for (Map.Entry<String, double[][]> e : byId.entrySet()) {
            double[][] sc = e.getValue();
            if (sc.length != m) throw new InvalidInputException("probe " + e.getKey() + " scores " + sc.length + " answers, expected " + m);
            for (double[] row : sc) {
                if (row.length != m) throw new InvalidInputException("probe " + e.getKey() + " has a row of " + row.length + " scores, expected " + m);
                for (double x : row) if (!Double.isFinite(x)) throw new InvalidInputException("probe " + e.getKey() + " holds a non-finite score");
            }
        }
        int pairs = pairs(m);
        int n = byId.size();
        // margins[q][a][b]: model a's answer to probe q, score for a minus score for b
        double[][][] margins = new double[n][m][m];
        int q = 0;
        for (double[][] sc : byId.values()) {
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) margins[q][a][b] = sc[at[a]][at[a]] - sc[at[a]][at[b]];
            }
            q++;
        }
        double[] variance = new double[pairs];
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                double v = 0;
                for (int[] side : new int[][] {{a, b}, {b, a}}) {
                    double mean = 0;
                    for (int r = 0; r < n; r++) mean += margins[r][side[0]][side[1]] / n;
                    double ss = 0;
                    for (int r = 0; r < n; r++) ss += Math.pow(margins[r][side[0]][side[1]] - mean, 2);
                    v += ss / (n - 1) / 2;
                }
                variance[pairIndex(a, b, m)] = v;
            }
        }
        TreeMap<String, double[]> out = new TreeMap<>();
        q = 0;
        for (String id : byId.keySet()) {
            double[] d = new double[pairs];
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) {
                    int k = pairIndex(a, b, m);
                    double delta = Math.max(0, margins[q][a][b] + margins[q][b][a]);
                    d[k] = variance[k] > 0 ? delta * delta / (8 * variance[k]) : 0;
                }
            }
            out.put(id, d);
            q++;
        }
        return new Separation(sorted, out, Basis.SCORE_MARGINS);
    }

    /** The unbiased within-sample variance per coordinate of n +-1 vectors with mean m: n/(n-1) mean(1 - m_i^2). */
    private static double spread(double[] m, long n) {
        double s = 0;
        for (double x : m) s += 1 - x * x;
        return s / m.length * n / (n - 1.0);
    }

    /**
     * Predicts the separation of probes the references never answered from their prompts alone: each target probe's
     * distances are the average of the {@code neighbours} most similar known probes' distances (prompt text vectors
     * under {@code config}), weighted by how much more alike than unrelated texts (similarity above 0.5) they are.
     * {@code knownProbes} gives the prompts of this separation's probes (those it lacks are not used).
     */
    public Separation transfer(ProbeSet knownProbes, ProbeSet target, EncoderConfig config, int neighbours) {
        Objects.requireNonNull(config, "config");
        if (neighbours < 1) throw new InvalidInputException("neighbours must be at least 1, but was " + neighbours);
        List<Probe> known = new ArrayList<>();
        for (Probe p : knownProbes.probes()) if (byProbe.containsKey(p.id())) known.add(p);
        if (known.isEmpty()) throw new InvalidInputException("none of the known probes has a separation to transfer");
        known.sort(java.util.Comparator.comparing(Probe::id));
        Hypervector[] kv = PromptVectors.of(known, config);
        List<Probe> targets = new ArrayList<>(target.probes());
        Hypervector[] tv = PromptVectors.of(targets, config);
        int pairs = pairs(models.size());
        TreeMap<String, double[]> out = new TreeMap<>();
        Integer[] order = new Integer[known.size()];
        double[] sim = new double[known.size()];
        for (int t = 0; t < targets.size(); t++) {
            for (int k = 0; k < known.size(); k++) {
                sim[k] = tv[t].similarity(kv[k]);
                order[k] = k;
            }
            Arrays.sort(order, (x, y) -> sim[x] != sim[y] ? Double.compare(sim[y], sim[x]) : Integer.compare(x, y));
            int use = Math.min(neighbours, known.size());
            double[] w = new double[use];
            double wsum = 0;
            for (int j = 0; j < use; j++) {
                w[j] = Math.max(0, sim[order[j]] - 0.5);
                wsum += w[j];
            }
            if (!(wsum > 0)) {
                Arrays.fill(w, 1);
                wsum = use;
            }
            double[] d = new double[pairs];
            for (int j = 0; j < use; j++) {
                double[] src = byProbe.get(known.get(order[j]).id());
                for (int q = 0; q < pairs; q++) d[q] += w[j] / wsum * src[q];
            }
            out.put(targets.get(t).id(), d);
        }
        return new Separation(models, out, Basis.TRANSFERRED);
    }

    /**
     * This separation and {@code other}'s together (the same candidates; a probe both have is refused): for a probe
     * set of which the references answered some, the rest {@linkplain #transfer transferred}.
     */
    public Separation with(Separation other) {
        if (!models.equals(other.models)) throw new InvalidInputException("the separations are over different candidate models");
        TreeMap<String, double[]> all = new TreeMap<>(byProbe);
        for (Map.Entry<String, double[]> e : other.byProbe.entrySet()) {
            if (all.put(e.getKey(), e.getValue()) != null) throw new InvalidInputException("probe " + e.getKey() + " has a separation in both");
        }
        return new Separation(models, all, basis == other.basis ? basis : Basis.GIVEN);
    }

    /** The candidate models, sorted. */
    public List<String> models() {
        return models;
    }

    /** The probes with a separation, sorted. */
    public Set<String> probeIds() {
        return java.util.Collections.unmodifiableSet(byProbe.keySet());
    }

    /** Where the within-model variance came from (or that the distances were transferred or given). */
    public Basis basis() {
        return basis;
    }

    /** The Bhattacharyya distance between models {@code a} and {@code b} at {@code probeId}. */
    public double distance(String probeId, String a, String b) {
        double[] d = byProbe.get(probeId);
        if (d == null) throw new InvalidInputException("no separation for probe " + probeId);
        Integer i = modelIndex.get(a);
        Integer j = modelIndex.get(b);
        if (i == null || j == null) throw new InvalidInputException("no candidate model " + (i == null ? a : b));
        if (i.equals(j)) return 0;
        return d[pairIndex(Math.min(i, j), Math.max(i, j), models.size())];
    }

    /** The distances of every pair at {@code probeId} (a copy), or null when the probe has none. */
    double[] row(String probeId) {
        double[] d = byProbe.get(probeId);
        return d == null ? null : d;
    }

    /** The sum over pairs of the distance at each probe: a probe's total separation. */
    public Map<String, Double> totals() {
        Map<String, Double> t = new TreeMap<>();
        byProbe.forEach((id, d) -> t.put(id, Arrays.stream(d).sum()));
        return t;
    }
}
