package dev.assay.bench.fingerprint;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.identify.Identifier;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.fingerprint.verify.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The fingerprint evaluation on AgentDojo traces (12 model configurations x the same 194 tasks): probe-mode
 * verification of every pair, traffic-mode false alarms (a configuration against itself on disjoint halves of its
 * tasks, many random splits) and power (against every other configuration, disjoint halves), and identification
 * among the 12 from k = 1, 2, 4, 8, 16 responses to tasks not used for the references, beside a character-trigram
 * TF-IDF centroid computed on the same splits; plus open-set identification with each non-gpt-4o configuration
 * left out of the references. Prints Markdown.
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java -cp assay-bench/target/benchmarks.jar
 * dev.assay.bench.fingerprint.AgentDojoEvaluation ../shared/data/fingerprint/agentdojo-responses [splits] [identSplits]}
 */
public final class AgentDojoEvaluation {
    private static final int[] KS = {1, 2, 4, 8, 16};
    private static final double ALPHA = 0.01;

    private AgentDojoEvaluation() {}

    static String group(String model) {
        return model.startsWith("gpt-4o-2024-05-13") ? "gpt-4o-2024-05-13" : model;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/fingerprint/agentdojo-responses");
        int splits = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int identSplits = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        EncoderConfig config = EncoderConfig.DEFAULT;
        ResponseEncoder encoder = new ResponseEncoder(config);
        Map<String, Map<String, EncodedResponse>> enc = new TreeMap<>();
        Map<String, Map<String, String>> texts = new TreeMap<>();
        long t0 = System.nanoTime();
        long bytes = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path f : files) {
            List<Response> rs = ResponseLog.readAll(f, ResponseLog.Options.STRICT);
            List<EncodedResponse> es = encoder.encodeAll(rs, dev.assay.core.progress.Progress.none());
            for (int i = 0; i < rs.size(); i++) {
                enc.computeIfAbsent(rs.get(i).model(), k -> new TreeMap<>()).put(rs.get(i).probeId(), es.get(i));
                texts.computeIfAbsent(rs.get(i).model(), k -> new TreeMap<>()).put(rs.get(i).probeId(), rs.get(i).text());
                bytes += rs.get(i).text().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        List<String> models = new ArrayList<>(enc.keySet());
        List<String> tasks = new ArrayList<>(enc.get(models.get(0)).keySet());
        System.out.printf(Locale.ROOT, "# Fingerprints on AgentDojo%n%n%d configurations x %d tasks, %.1f MB of responses encoded (D = %d) in %.1f s on %d threads.%n%n",
                models.size(), tasks.size(), bytes / 1e6, config.dimension(), (System.nanoTime() - t0) / 1e9,
                Runtime.getRuntime().availableProcessors());

        probeMode(enc, models);
        trafficMode(enc, models, tasks, splits);
        identification(enc, texts, models, tasks, identSplits, config);
    }

    static List<EncodedResponse> of(Map<String, EncodedResponse> m, List<String> ids) {
        List<EncodedResponse> out = new ArrayList<>(ids.size());
        for (String id : ids) out.add(m.get(id));
        return out;
    }

    static void probeMode(Map<String, Map<String, EncodedResponse>> enc, List<String> models) {
        System.out.printf(Locale.ROOT, "## Probe mode: every pair on the same 194 tasks (alpha %.2f, 1,000 permutations)%n%n", ALPHA);
        System.out.println("| reference | candidate | verdict | p | effect |");
        System.out.println("|---|---|---|---|---|");
        Verifier.Config cfg = Verifier.Config.DEFAULT.withAlpha(ALPHA);
        int different = 0;
        int pairs = 0;
        for (int i = 0; i < models.size(); i++) {
            for (int j = i + 1; j < models.size(); j++) {
                var r = Verifier.verify(new ArrayList<>(enc.get(models.get(i)).values()), new ArrayList<>(enc.get(models.get(j)).values()), cfg);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %.4f | %.4f |%n", models.get(i), models.get(j), r.verdict(), r.pValue(), r.effect());
                pairs++;
                if (r.verdict() == Verifier.Verdict.DIFFERENT) different++;
            }
        }
        System.out.printf(Locale.ROOT, "%nDIFFERENT in %d of %d pairs.%n%n", different, pairs);
    }

    static void trafficMode(Map<String, Map<String, EncodedResponse>> enc, List<String> models, List<String> tasks, int splits) {
        System.out.printf(Locale.ROOT, "## Traffic mode: disjoint halves of the tasks (alpha %.2f), %d random splits%n%n", ALPHA, splits);
        Verifier.Config cfg = Verifier.Config.DEFAULT.withMode(Verifier.Mode.TRAFFIC).withAlpha(ALPHA);
        System.out.println("| configuration | false alarms (self) | SAME (self) | power against the other 11 |");
        System.out.println("|---|---|---|---|");
        int totalFa = 0;
        int totalSelf = 0;
        int totalDiff = 0;
        int totalOther = 0;
        for (String m : models) {
            int[] r = IntStream.range(0, splits).parallel().map(s -> {
                Random rng = new Random(1000L * s + m.hashCode());
                List<String> ts = new ArrayList<>(tasks);
                Collections.shuffle(ts, rng);
                int half = ts.size() / 2;
                var self = Verifier.verify(of(enc.get(m), ts.subList(0, half)), of(enc.get(m), ts.subList(half, ts.size())), cfg.withSeed(s));
                int fa = self.verdict() == Verifier.Verdict.DIFFERENT ? 1 : 0;
                int same = self.verdict() == Verifier.Verdict.SAME ? 1 : 0;
                String other = models.get((models.indexOf(m) + 1 + s % (models.size() - 1)) % models.size());
                var vs = Verifier.verify(of(enc.get(m), ts.subList(0, half)), of(enc.get(other), ts.subList(half, ts.size())), cfg.withSeed(s));
                int diff = vs.verdict() == Verifier.Verdict.DIFFERENT ? 1 : 0;
                return fa | same << 1 | diff << 2;
            }).toArray();
            int fa = 0;
            int same = 0;
            int diff = 0;
            for (int x : r) {
                fa += x & 1;
                same += x >> 1 & 1;
                diff += x >> 2 & 1;
            }
            totalFa += fa;
            totalSelf += splits;
            totalDiff += diff;
            totalOther += splits;
            System.out.printf(Locale.ROOT, "| %s | %d / %d | %d / %d | %d / %d |%n", m, fa, splits, same, splits, diff, splits);
        }
        System.out.printf(Locale.ROOT, "%nFalse-alarm rate %.4f (%d of %d; alpha %.2f); power %.4f (%d of %d; each split against one other configuration, in turn).%n%n",
                totalFa / (double) totalSelf, totalFa, totalSelf, ALPHA, totalDiff / (double) totalOther, totalDiff, totalOther);
    }

    static void identification(Map<String, Map<String, EncodedResponse>> enc, Map<String, Map<String, String>> texts, List<String> models,
                               List<String> tasks, int reps, EncoderConfig config) {
        System.out.printf(Locale.ROOT, "## Identification among the %d configurations, references from half the tasks, candidates from the other half (%d random splits)%n%n",
                models.size(), reps);
        int n = KS.length;
        long[] ok = new long[n], okGroup = new long[n], none = new long[n], tot = new long[n], pipeOk = new long[n], pipeTot = new long[n];
        long[] closedGroup = new long[n], tfidfOk = new long[n], tfidfGroup = new long[n];
        long[] osNone = new long[n], osTot = new long[n];
        Random rng = new Random(1);
        for (int rep = 0; rep < reps; rep++) {
            List<String> ts = new ArrayList<>(tasks);
            Collections.shuffle(ts, rng);
            List<String> ref = ts.subList(0, ts.size() / 2);
            List<String> test = ts.subList(ts.size() / 2, ts.size());
            List<Signature> sigs = new ArrayList<>();
            for (String m : models) {
                var b = Signature.builder(config, m);
                for (String t : ref) b.add(enc.get(m).get(t));
                sigs.add(b.build());
            }
            Identifier id = new Identifier(sigs, Identifier.Config.DEFAULT);
            Identifier closed = new Identifier(sigs, new Identifier.Config(0, 1, 1));
            TfIdfCentroids tfidf = new TfIdfCentroids(models, m -> ref.stream().map(t -> texts.get(m).get(t)).toList());
            for (int ki = 0; ki < n; ki++) {
                int k = KS[ki];
                for (String m : models) {
                    for (int j = 0; j + k <= test.size(); j += k) {
                        List<String> cand = test.subList(j, j + k);
                        var r = id.identify(of(enc.get(m), cand));
                        tot[ki]++;
                        if (!r.named()) none[ki]++;
                        else {
                            if (r.model().equals(m)) ok[ki]++;
                            if (group(r.model()).equals(group(m))) okGroup[ki]++;
                        }
                        if (m.startsWith("gpt-4o")) {
                            pipeTot[ki]++;
                            if (closed.identify(of(enc.get(m), cand)).model().equals(m)) pipeOk[ki]++;
                        }
                        if (group(closed.identify(of(enc.get(m), cand)).model()).equals(group(m))) closedGroup[ki]++;
                        String t = tfidf.identify(cand.stream().map(x -> texts.get(m).get(x)).toList());
                        if (t.equals(m)) tfidfOk[ki]++;
                        if (group(t).equals(group(m))) tfidfGroup[ki]++;
                    }
                }
            }
            if (rep < Math.min(reps, 3)) {
                for (int leave = 0; leave < models.size(); leave++) {
                    String m = models.get(leave);
                    if (m.startsWith("gpt-4o")) continue; // its sibling pipelines stay: not an unknown model
                    List<Signature> rest = new ArrayList<>(sigs);
                    rest.remove(leave);
                    Identifier open = new Identifier(rest, Identifier.Config.DEFAULT);
                    for (int ki = 0; ki < n; ki++) {
                        int k = KS[ki];
                        for (int j = 0; j + k <= test.size(); j += k) {
                            osTot[ki]++;
                            if (!open.identify(of(enc.get(m), test.subList(j, j + k))).named()) osNone[ki]++;
                        }
                    }
                }
            }
            System.err.printf(Locale.ROOT, "identification split %d of %d done%n", rep + 1, reps);
        }
        System.out.println("| k | Assay, gpt-4o as one (open set, none counts as wrong) | Assay, gpt-4o as one (closed set) | Assay, 12-way exact | called none | TF-IDF trigram centroid, gpt-4o as one | TF-IDF 12-way | gpt-4o pipelines told apart (closed set) | unknown model called none |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int ki = 0; ki < n; ki++) {
            System.out.printf(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", KS[ki],
                    okGroup[ki] / (double) tot[ki], closedGroup[ki] / (double) tot[ki], ok[ki] / (double) tot[ki], none[ki] / (double) tot[ki],
                    tfidfGroup[ki] / (double) tot[ki], tfidfOk[ki] / (double) tot[ki], pipeOk[ki] / (double) pipeTot[ki],
                    osNone[ki] / (double) osTot[ki]);
        }
        System.out.printf(Locale.ROOT, "%nCandidate sets per k: %d (k = 1) to %d (k = 16); open set: each of the %d non-gpt-4o configurations left out of the references in the first %d splits.%n",
                tot[0], tot[n - 1], models.stream().filter(m -> !m.startsWith("gpt-4o")).count(), Math.min(reps, 3));
    }

    /** The baseline: the centroid of each model's character-trigram TF-IDF vectors (unit length), nearest by cosine. */
    static final class TfIdfCentroids {
        private final List<String> models;
        private final Map<String, Double> idf = new HashMap<>();
        private final List<Map<String, Double>> centroids = new ArrayList<>();

        TfIdfCentroids(List<String> models, java.util.function.Function<String, List<String>> docs) {
            this.models = models;
            Map<String, Integer> df = new HashMap<>();
            int total = 0;
            for (String m : models) {
                for (String d : docs.apply(m)) {
                    total++;
                    for (String g : counts(d).keySet()) df.merge(g, 1, Integer::sum);
                }
            }
            for (var e : df.entrySet()) idf.put(e.getKey(), Math.log((1.0 + total) / (1.0 + e.getValue())) + 1);
            for (String m : models) {
                Map<String, Double> c = new HashMap<>();
                for (String d : docs.apply(m)) vector(d).forEach((g, v) -> c.merge(g, v, Double::sum));
                centroids.add(unit(c));
            }
        }

        String identify(List<String> candidate) {
            Map<String, Double> sum = new HashMap<>();
            for (String d : candidate) vector(d).forEach((g, v) -> sum.merge(g, v, Double::sum));
            Map<String, Double> c = unit(sum);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < centroids.size(); i++) {
                double s = 0;
                Map<String, Double> cent = centroids.get(i);
                for (var e : c.entrySet()) s += e.getValue() * cent.getOrDefault(e.getKey(), 0.0);
                if (s > bestScore) {
                    bestScore = s;
                    best = i;
                }
            }
            return models.get(best);
        }

        private Map<String, Double> vector(String d) {
            Map<String, Double> v = new HashMap<>();
            counts(d).forEach((g, n) -> v.put(g, n * idf.getOrDefault(g, 0.0)));
            return unit(v);
        }

        private static Map<String, Integer> counts(String d) {
            Map<String, Integer> c = new HashMap<>();
            for (int i = 0; i + 3 <= d.length(); i++) c.merge(d.substring(i, i + 3), 1, Integer::sum);
            return c;
        }

        private static Map<String, Double> unit(Map<String, Double> v) {
            double s = 0;
            for (double x : v.values()) s += x * x;
            double norm = Math.sqrt(s);
            if (norm > 0) v.replaceAll((k, x) -> x / norm);
            return v;
        }
    }
}
