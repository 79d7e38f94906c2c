package dev.assay.bench.fingerprint;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.identify.Identifier;
import dev.assay.fingerprint.probe.Probe;
import dev.assay.fingerprint.probe.ProbeSelector;
import dev.assay.fingerprint.probe.ProbeSet;
import dev.assay.fingerprint.probe.Separation;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.MeanVectors;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How few probes identification needs, per probe-selection strategy, on the AgentDojo traces (12 model
 * configurations, one response each to the same 194 prompts).
 *
 * <p>Protocol, per seeded split: the prompts are grouped by their text (AgentDojo asks each of 97 texts twice, with and
 * without an injection in the tool outputs) and the groups are split in half: the <b>reference half</b> builds every
 * model's reference signature (and everything a strategy may learn), the <b>evaluation half</b> is the pool the
 * strategies order. Each configuration in turn is the unknown model: its answers to the first k probes of the order
 * are identified among the 12 references (the closed-set {@link Identifier}: nearest centred prototype). A strategy
 * never sees the unknown model's answers to a probe before choosing it:
 * <ul>
 *   <li>RANDOM: seeded rank; DIVERSITY: farthest-point over the evaluation prompts' text vectors;</li>
 *   <li>INFORMATION_GAIN, answer distances: {@link Separation#fromReferences} on the reference half (how far apart
 *       the models' answers to each reference prompt are), transferred to the evaluation prompts by prompt similarity
 *       ({@link Separation#transfer}), then ordered greedily;</li>
 *   <li>INFORMATION_GAIN, identifier margins: {@link Separation#fromScores} on the reference half, each model's answer
 *       to a reference prompt scored against prototypes built without that prompt (leave-one-prompt-out), transferred
 *       the same way. No evaluation-half answer informs either;</li>
 *   <li>UNCERTAINTY: the margin separation, adaptively: after each answer of the unknown model the posterior over the
 *       12 (softmax of the identifier's additive per-answer scores over a temperature calibrated on the same
 *       leave-one-prompt-out scores) reweights the pairs. It sees the unknown model's answers only to the probes
 *       already asked, as a live probing session would.</li>
 * </ul>
 * Besides, both INFORMATION_GAIN estimators computed from the evaluation half's own answers (every model's, the unknown's
 * included) are printed as in-sample ceilings: not fair strategies, only what a perfect transfer could give.
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java -cp assay-bench/target/benchmarks.jar
 * dev.assay.bench.fingerprint.ProbeSelectionEvaluation ../shared/data/fingerprint/agentdojo-responses [splits] [maxK] [text|id]};
 * {@code id} splits prompts one by one instead of by wording (then the references may have answered a wording the
 * evaluation half asks too, under the other injection condition).
 */
public final class ProbeSelectionEvaluation {
    private static final int[] KS = {1, 2, 4, 8, 16};
    private static final String[] NAMES = {"RANDOM", "DIVERSITY", "INFORMATION_GAIN, answer distances", "INFORMATION_GAIN, identifier margins",
            "UNCERTAINTY, identifier margins", "ceiling (leaks): INFORMATION_GAIN, answer distances in-sample",
            "ceiling (leaks): INFORMATION_GAIN, identifier margins in-sample"};
    private static final int UNCERTAIN = 4;
    private static final int S = NAMES.length;

    private ProbeSelectionEvaluation() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/fingerprint/agentdojo-responses");
        int splits = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int maxK = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        // "text": a wording's prompts stay in one half (the default, strict); "id": prompts split one by one, so the
        // references may have answered the same wording with the other injection condition
        String splitBy = args.length > 3 ? args[3] : "text";
        if (!splitBy.equals("text") && !splitBy.equals("id")) throw new IllegalArgumentException("split by text or id, not " + splitBy);
        EncoderConfig config = EncoderConfig.DEFAULT;
        ResponseEncoder encoder = new ResponseEncoder(config);
        Map<String, Map<String, EncodedResponse>> enc = new TreeMap<>();
        // prompt id -> wording -> how many logs ask it so (AgentDojo versions word 41 prompts differently)
        Map<String, Map<String, Integer>> wordings = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        long t0 = System.nanoTime();
        for (Path f : files) {
            List<Response> rs = ResponseLog.readAll(f, ResponseLog.Options.STRICT);
            List<EncodedResponse> es = encoder.encodeAll(rs, dev.assay.core.progress.Progress.none());
            for (Probe p : ProbeSet.ofResponses(rs, f.toString()).probes()) {
                wordings.computeIfAbsent(p.id(), k -> new TreeMap<>()).merge(p.prompt(), 1, Integer::sum);
            }
            for (int i = 0; i < rs.size(); i++) enc.computeIfAbsent(rs.get(i).model(), k -> new TreeMap<>()).put(rs.get(i).probeId(), es.get(i));
        }
        // a probe's text: its most common wording (the first in sorted order among equally common ones)
        Map<String, Probe> probes = new TreeMap<>();
        int reworded = 0;
        for (var e : wordings.entrySet()) {
            String best = null;
            for (var w : e.getValue().entrySet()) if (best == null || w.getValue() > e.getValue().get(best)) best = w.getKey();
            probes.put(e.getKey(), new Probe(e.getKey(), best));
            if (e.getValue().size() > 1) reworded++;
        }
        List<String> models = new ArrayList<>(enc.keySet());
        int m = models.size();
        Map<String, List<String>> groups = new TreeMap<>();
        for (Probe p : probes.values()) groups.computeIfAbsent(splitBy.equals("text") ? p.prompt() : p.id(), k -> new ArrayList<>()).add(p.id());
        List<List<String>> groupList = new ArrayList<>(groups.values());
        System.out.printf(Locale.ROOT, "# How few probes identification needs (AgentDojo)%n%n%d configurations x %d prompts (%d distinct texts), encoded in %.1f s; %d splits by %s, k up to %d. %d prompts are worded differently in some logs; the most common wording is the probe's text.%n%n",
                m, probes.size(), probes.values().stream().map(Probe::prompt).distinct().count(), (System.nanoTime() - t0) / 1e9, splits, splitBy.equals("text") ? "wording (a wording's prompts in one half)" : "prompt id", maxK, reworded);

        // acc[strategy][split][k-1], exact and gpt-4o-as-one; agreement of the additive decision with the Identifier
        double[][][] exact = new double[S][splits][maxK];
        double[][][] grouped = new double[S][splits][maxK];
        long checked = 0;
        long agreed = 0;
        double[] temperatures = new double[splits];
        // per split: rank correlation of predicted (transferred) with in-sample per-probe separation, and of twins' in-sample separation
        double[][] correlations = new double[4][splits];
        for (int split = 0; split < splits; split++) {
            List<List<String>> gs = new ArrayList<>(groupList);
            Collections.shuffle(gs, new Random(split));
            List<String> ref = new ArrayList<>();
            List<String> eval = new ArrayList<>();
            for (int g = 0; g < gs.size(); g++) (g < gs.size() / 2 ? ref : eval).addAll(gs.get(g));
            Collections.sort(ref);
            Collections.sort(eval);
            int k = Math.min(maxK, eval.size());

            List<Signature> sigs = new ArrayList<>();
            for (String model : models) {
                var b = Signature.builder(config, model).sampleLimit(0);
                for (String t : ref) b.add(enc.get(model).get(t));
                sigs.add(b.build());
            }
            Identifier identifier = new Identifier(sigs, new Identifier.Config(0, 1, 1));
            Prototypes proto = Prototypes.of(sigs, List.of());
            ProbeSet refSet = new ProbeSet(ref.stream().map(probes::get).toList());
            ProbeSet evalSet = new ProbeSet(eval.stream().map(probes::get).toList());
            Separation transferred = Separation.fromReferences(sigs, ref).transfer(refSet, evalSet, config, ProbeSelector.DEFAULT_NEIGHBOURS);
            List<Signature> evalSigs = new ArrayList<>();
            for (String model : models) {
                var b = Signature.builder(config, model).sampleLimit(0);
                for (String t : eval) b.add(enc.get(model).get(t));
                evalSigs.add(b.build());
            }
            Separation inSample = Separation.fromReferences(evalSigs, eval);
            Map<String, double[][]> refScores = leaveOneOutScores(sigs, enc, models, ref);
            double tau = calibrate(refScores, models.size());
            temperatures[split] = tau;
            Separation margins = Separation.fromScores(models, refScores).transfer(refSet, evalSet, config, ProbeSelector.DEFAULT_NEIGHBOURS);

            // per unknown model, per evaluation prompt: its answer's additive score for each reference
            Map<String, double[]>[] scores = perAnswerScores(proto, enc, models, eval);
            List<List<String>> orders = new ArrayList<>();
            orders.add(ProbeSelector.random(evalSet, k, split).ids());
            orders.add(ProbeSelector.diversity(evalSet, config, k, split).ids());
            orders.add(ProbeSelector.informationGain(evalSet, transferred, k, split).ids());
            orders.add(ProbeSelector.informationGain(evalSet, margins, k, split).ids());
            orders.add(null);
            orders.add(ProbeSelector.informationGain(evalSet, inSample, k, split).ids());
            Map<String, double[][]> evalScores = new HashMap<>();
            for (String id : eval) {
                double[][] sc = new double[m][];
                for (int a = 0; a < m; a++) sc[a] = scores[a].get(id);
                evalScores.put(id, sc);
            }
            Separation marginsInSample = Separation.fromScores(models, evalScores);
            orders.add(ProbeSelector.informationGain(evalSet, marginsInSample, k, split).ids());
            correlations[0][split] = spearman(transferred.totals(), inSample.totals(), eval);
            correlations[1][split] = spearman(margins.totals(), marginsInSample.totals(), eval);
            correlations[2][split] = twins(inSample.totals(), eval, probes);
            correlations[3][split] = twins(marginsInSample.totals(), eval, probes);
            for (int s = 0; s < S; s++) {
                int[] ok = new int[k];
                int[] okGroup = new int[k];
                for (int truth = 0; truth < m; truth++) {
                    List<String> order = orders.get(s);
                    if (order == null) order = adaptive(evalSet, margins, tau, split, k, scores[truth], models);
                    double[] sum = new double[m];
                    for (int j = 0; j < k; j++) {
                        double[] sc = scores[truth].get(order.get(j));
                        for (int a = 0; a < m; a++) sum[a] += sc[a];
                        int best = argmax(sum);
                        if (best == truth) ok[j]++;
                        if (AgentDojoEvaluation.group(models.get(best)).equals(AgentDojoEvaluation.group(models.get(truth)))) okGroup[j]++;
                        if (Arrays.binarySearch(KS, j + 1) >= 0) {
                            List<EncodedResponse> cand = new ArrayList<>();
                            for (String id : order.subList(0, j + 1)) cand.add(enc.get(models.get(truth)).get(id));
                            checked++;
                            if (identifier.identify(cand).model().equals(models.get(best))) agreed++;
                        }
                    }
                }
                for (int j = 0; j < k; j++) {
                    exact[s][split][j] = ok[j] / (double) m;
                    grouped[s][split][j] = okGroup[j] / (double) m;
                }
            }
            System.err.printf(Locale.ROOT, "split %d of %d done (temperature %.4g)%n", split + 1, splits, tau);
        }
        Arrays.sort(temperatures);
        System.out.printf(Locale.ROOT, "Calibrated temperature: median %.4g (range %.4g to %.4g). The additive decision agreed with Identifier.identify in %d of %d checked candidate sets.%n%n",
                temperatures[splits / 2], temperatures[0], temperatures[splits - 1], agreed, checked);
        String[] what = {"answer distances: predicted from similar prompts vs in-sample", "identifier margins: predicted vs in-sample",
                "answer distances in-sample: one wording's two prompts (with and without injection)", "identifier margins in-sample: the same twins"};
        System.out.println("Per-probe separation (summed over pairs), Spearman rank correlation over the evaluation prompts, median over splits (range):");
        System.out.println();
        for (int i = 0; i < what.length; i++) {
            double[] c = correlations[i].clone();
            Arrays.sort(c);
            System.out.printf(Locale.ROOT, "- %s: %.3f (%.3f to %.3f)%n", what[i], c[splits / 2], c[0], c[splits - 1]);
        }
        System.out.println();
        table("gpt-4o pipelines as one model", grouped, splits, maxK);
        table("12-way (every configuration its own model)", exact, splits, maxK);
        paired("gpt-4o as one", grouped, splits, maxK);
        paired("12-way", exact, splits, maxK);
    }

    private static void table(String title, double[][][] acc, int splits, int maxK) {
        System.out.printf(Locale.ROOT, "## Identification accuracy, %s (mean over %d splits x 12 unknown models)%n%n", title, splits);
        StringBuilder head = new StringBuilder("| strategy |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int k : KS) {
            head.append(" k = ").append(k).append(" |");
            rule.append("---|");
        }
        head.append(" probes for 90% (median over splits) | for 95% (median) | 90% / 95% reached by the mean curve at k |");
        rule.append("---|---|---|");
        System.out.println(head);
        System.out.println(rule);
        for (int s = 0; s < S; s++) {
            StringBuilder row = new StringBuilder("| " + NAMES[s] + " |");
            double[] mean = new double[maxK];
            for (int j = 0; j < maxK; j++) {
                for (int sp = 0; sp < splits; sp++) mean[j] += acc[s][sp][j] / splits;
            }
            for (int k : KS) row.append(String.format(Locale.ROOT, " %.3f |", mean[k - 1]));
            row.append(' ').append(medianNeeded(acc[s], 0.9, maxK)).append(" | ").append(medianNeeded(acc[s], 0.95, maxK)).append(" | ")
                    .append(fmt(needed(mean, 0.9), maxK)).append(" / ").append(fmt(needed(mean, 0.95), maxK)).append(" |");
            System.out.println(row);
        }
        System.out.println();
    }

    /** Per split, whether each strategy needs fewer, as many or more probes than RANDOM to reach 90%. */
    private static void paired(String title, double[][][] acc, int splits, int maxK) {
        System.out.printf(Locale.ROOT, "Against RANDOM, split by split (%s), probes to reach 90%%: ", title);
        List<String> parts = new ArrayList<>();
        for (int s = 1; s < UNCERTAIN + 1; s++) {
            int fewer = 0;
            int same = 0;
            int more = 0;
            for (int sp = 0; sp < splits; sp++) {
                int a = needed(acc[s][sp], 0.9);
                int r = needed(acc[0][sp], 0.9);
                int x = a < 0 ? maxK + 1 : a;
                int y = r < 0 ? maxK + 1 : r;
                if (x < y) fewer++;
                else if (x == y) same++;
                else more++;
            }
            parts.add(String.format(Locale.ROOT, "%s fewer in %d, as many in %d, more in %d", NAMES[s], fewer, same, more));
        }
        System.out.println(String.join("; ", parts) + ".");
        System.out.println();
    }

    /** Spearman's rank correlation of {@code a} and {@code b} over {@code ids}. */
    static double spearman(Map<String, Double> a, Map<String, Double> b, List<String> ids) {
        double[] x = new double[ids.size()];
        double[] y = new double[ids.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = a.get(ids.get(i));
            y[i] = b.get(ids.get(i));
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Spearman's rank correlation between the two prompts of each wording asked twice, over the pairs in {@code ids}. */
    static double twins(Map<String, Double> t, List<String> ids, Map<String, Probe> probes) {
        Map<String, List<String>> byText = new TreeMap<>();
        for (String id : ids) byText.computeIfAbsent(probes.get(id).prompt(), k -> new ArrayList<>()).add(id);
        List<double[]> pairs = new ArrayList<>();
        for (List<String> g : byText.values()) if (g.size() == 2) pairs.add(new double[] {t.get(g.get(0)), t.get(g.get(1))});
        double[] x = new double[pairs.size()];
        double[] y = new double[pairs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pairs.get(i)[0];
            y[i] = pairs.get(i)[1];
        }
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[v.length];
        for (int i = 0; i < idx.length; ) {
            int j = i;
            while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) j++;
            for (int t = i; t <= j; t++) r[idx[t]] = (i + j) / 2.0;
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static String fmt(int k, int maxK) {
        return k < 0 ? "> " + maxK : Integer.toString(k);
    }

    /** The smallest k whose accuracy reaches {@code level}; -1 if none. */
    static int needed(double[] acc, double level) {
        for (int j = 0; j < acc.length; j++) if (acc[j] >= level - 1e-12) return j + 1;
        return -1;
    }

    private static String medianNeeded(double[][] perSplit, double level, int maxK) {
        int[] ks = new int[perSplit.length];
        for (int i = 0; i < ks.length; i++) {
            int k = needed(perSplit[i], level);
            ks[i] = k < 0 ? Integer.MAX_VALUE : k;
        }
        Arrays.sort(ks);
        int med = ks[(ks.length - 1) / 2];
        int beyond = (int) Arrays.stream(ks).filter(x -> x == Integer.MAX_VALUE).count();
        return (med == Integer.MAX_VALUE ? "> " + maxK : Integer.toString(med)) + (beyond > 0 ? " (not reached by k = " + maxK + " in " + beyond + " splits)" : "");
    }

    private static int argmax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    /** The unknown model's order under UNCERTAINTY: ask, score the answer against the references, update, ask again. */
    private static List<String> adaptive(ProbeSet evalSet, Separation sep, double tau, long seed, int k, Map<String, double[]> scores, List<String> models) {
        ProbeSelector.Session session = ProbeSelector.session(evalSet, sep, tau, seed);
        List<String> order = new ArrayList<>();
        while (order.size() < k) {
            String id = session.next().id();
            double[] sc = scores.get(id);
            Map<String, Double> byModel = new LinkedHashMap<>();
            for (int a = 0; a < models.size(); a++) byModel.put(models.get(a), sc[a]);
            session.observe(id, byModel);
            order.add(id);
        }
        return order;
    }

    /** The identifier's prototypes: each model's mean text vector, centred on the mean of all, unit length. */
    record Prototypes(double[] center, double[][] unit) {
        static Prototypes of(List<Signature> sigs, List<EncodedResponse> without) {
            int m = sigs.size();
            double[][] means = new double[m][];
            for (int a = 0; a < m; a++) {
                Bundler t = sigs.get(a).textTotal();
                means[a] = without.isEmpty() ? MeanVectors.of(t.counts(), t.count())
                        : MeanVectors.without(t.counts(), t.count(), List.of(without.get(a).text()));
            }
            int d = means[0].length;
            double[] center = new double[d];
            for (double[] x : means) for (int i = 0; i < d; i++) center[i] += x[i] / m;
            for (double[] x : means) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    x[i] -= center[i];
                    s += x[i] * x[i];
                }
                double inv = s == 0 ? 0 : 1 / Math.sqrt(s);
                for (int i = 0; i < d; i++) x[i] *= inv;
            }
            return new Prototypes(center, means);
        }

        /** An answer's score for each model: the dot product of its centred +-1 vector with the prototype. */
        double[] score(EncodedResponse r) {
            long[] w = r.text().words();
            double[] out = new double[unit.length];
            for (int a = 0; a < unit.length; a++) {
                double[] p = unit[a];
                double s = 0;
                for (int i = 0; i < p.length; i++) s += ((w[i >>> 6] >>> (i & 63) & 1L) != 0 ? 1 - center[i] : -1 - center[i]) * p[i];
                out[a] = s;
            }
            return out;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, double[]>[] perAnswerScores(Prototypes proto, Map<String, Map<String, EncodedResponse>> enc, List<String> models, List<String> eval) {
        Map<String, double[]>[] out = new Map[models.size()];
        for (int t = 0; t < models.size(); t++) {
            out[t] = new HashMap<>();
            for (String id : eval) out[t].put(id, proto.score(enc.get(models.get(t)).get(id)));
        }
        return out;
    }

    /** Leave-one-prompt-out on the reference half: per prompt, each model's answer scored against prototypes without that prompt. */
    private static Map<String, double[][]> leaveOneOutScores(List<Signature> sigs, Map<String, Map<String, EncodedResponse>> enc,
                                                             List<String> models, List<String> ref) {
        Map<String, double[][]> out = new TreeMap<>();
        for (String q : ref) {
            List<EncodedResponse> answers = new ArrayList<>();
            for (String model : models) answers.add(enc.get(model).get(q));
            Prototypes without = Prototypes.of(sigs, answers);
            double[][] sc = new double[models.size()][];
            for (int a = 0; a < sc.length; a++) sc[a] = without.score(answers.get(a));
            out.put(q, sc);
        }
        return out;
    }

    /** The posterior's temperature from the leave-one-prompt-out scores: each answer's true model is known. */
    private static double calibrate(Map<String, double[][]> scores, int m) {
        double[][] rows = new double[scores.size() * m][];
        int[] truth = new int[rows.length];
        int r = 0;
        for (double[][] sc : scores.values()) {
            for (int a = 0; a < m; a++) {
                rows[r] = sc[a];
                truth[r++] = a;
            }
        }
        return ProbeSelector.calibrateTemperature(rows, truth);
    }
}
