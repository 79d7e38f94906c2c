package dev.assay.ranking.release;

import dev.assay.core.document.Document;
import dev.assay.core.document.Mapping;
import dev.assay.core.document.Suggestions;
import dev.assay.core.stats.Binning;
import dev.assay.ranking.metrics.Measure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a release contract document ({@link ReleaseContract#read}) with the core {@link Document} reader. */
final class ReleaseContractReader {
    private static final List<String> TOP_KEYS = List.of("name", "resamples", "seed", "guards", "slices");
    private static final Map<String, List<String>> GUARD_KEYS = Map.of(
            "quality", List.of("name", "type", "measure", "slice", "method", "alpha", "margin", "minTopics"),
            "latency", List.of("name", "type", "percentile", "limitMs", "minSamples"),
            "tail_ratio", List.of("name", "type", "maxRatio", "minSamples"),
            "overlap", List.of("name", "type", "k", "minMean"),
            "calibration", List.of("name", "type", "binning", "bins", "maxDrift"));
    private static final QualityMethod DEFAULT_METHOD = QualityMethod.valueOf(ReleaseContract.DEFAULT_METHOD.toUpperCase(Locale.ROOT));

    private ReleaseContractReader() {}

    static ReleaseContract read(Document doc) {
        Mapping root = doc.root();
        root.allowOnly(TOP_KEYS);
        String name = root.text("name", ReleaseContract.DEFAULT_NAME);
        int resamples = root.integer("resamples", ReleaseContract.DEFAULT_RESAMPLES);
        long seed = root.longInteger("seed", ReleaseContract.DEFAULT_SEED);
        Map<String, Set<String>> slices = slices(root);
        List<Guard> guards = new ArrayList<>();
        if (root.size("guards") == 0 || !root.has("guards")) {
            root.problem("guards", "required: a non-empty list of guards");
        } else {
            for (Mapping g : root.mappings("guards")) {
                Guard guard = guard(g, slices);
                if (guard != null) guards.add(guard);
            }
        }
        ReleaseContract contract = doc.problems().isEmpty()
                ? root.construct(() -> new ReleaseContract(name, resamples, seed, guards, slices)) : null;
        return doc.finish(() -> contract);
    }

    private static Map<String, Set<String>> slices(Mapping root) {
        Map<String, Set<String>> slices = new LinkedHashMap<>();
        Mapping sl = root.mapping("slices");
        if (sl == null) return slices;
        for (String s : sl.keys()) {
            int n = sl.size(s);
            if (n == 0 || !sl.has(s)) {
                sl.problem(s, "must be a non-empty list of topics");
            } else {
                List<String> topics = sl.texts(s);
                if (n > 0) slices.put(s, new LinkedHashSet<>(topics));
            }
        }
        return slices;
    }

    private static Guard guard(Mapping g, Map<String, Set<String>> slices) {
        String name = g.text("name");
        String type = g.text("type");
        if (name == null || type == null) return null;
        String kind = type.toLowerCase(Locale.ROOT);
        List<String> keys = GUARD_KEYS.get(kind);
        if (keys == null) {
            g.problem("type", "unknown guard type '" + type + "'" + Suggestions.nearest(kind, GUARD_KEYS.keySet())
                    .map(s -> "; did you mean '" + s + "'?").orElse(" (quality, latency, tail_ratio, overlap, calibration)"));
            return null;
        }
        g.allowOnly(keys);
        int before = g.problemCount();
        return switch (kind) {
            case "quality" -> {
                String spec = g.text("measure");
                Measure measure = spec == null ? null : ReleaseContract.guardMeasure(spec).orElse(null);
                if (spec != null && measure == null) g.problem("measure", "unknown measure '" + spec + "'");
                String slice = g.text("slice", null);
                if (slice != null && !slices.containsKey(slice)) g.problem("slice", "slice '" + slice + "' is not defined under slices");
                QualityMethod method = g.choice("method", QualityMethod.class, DEFAULT_METHOD);
                double alpha = g.number("alpha", ReleaseContract.DEFAULT_ALPHA);
                double margin = g.number("margin", ReleaseContract.DEFAULT_MARGIN);
                int minTopics = g.integer("minTopics", ReleaseContract.DEFAULT_MIN_TOPICS);
                yield g.problemCount() > before ? null
                        : g.construct(() -> new Guard.Quality(name, measure, slice, method, alpha, margin, minTopics));
            }
            case "latency" -> {
                double p = g.number("percentile", Guard.Latency.DEFAULT_PERCENTILE);
                Double limit = g.number("limitMs");
                int min = g.integer("minSamples", Guard.Latency.DEFAULT_MIN_SAMPLES);
                yield g.problemCount() > before ? null : g.construct(() -> new Guard.Latency(name, p, limit, min));
            }
            case "tail_ratio" -> {
                Double max = g.number("maxRatio");
                int min = g.integer("minSamples", Guard.TailRatio.DEFAULT_MIN_SAMPLES);
                yield g.problemCount() > before ? null : g.construct(() -> new Guard.TailRatio(name, max, min));
            }
            case "overlap" -> {
                int k = g.integer("k", Guard.Overlap.DEFAULT_K);
                double min = g.number("minMean", Guard.Overlap.DEFAULT_MIN_MEAN);
                yield g.problemCount() > before ? null : g.construct(() -> new Guard.Overlap(name, k, min));
            }
            default -> {
                Binning binning = g.choice("binning", Binning.class, Guard.CalibrationDrift.DEFAULT_BINNING);
                int bins = g.integer("bins", Guard.CalibrationDrift.DEFAULT_BINS);
                double drift = g.number("maxDrift", Guard.CalibrationDrift.DEFAULT_MAX_DRIFT);
                yield g.problemCount() > before ? null : g.construct(() -> new Guard.CalibrationDrift(name, binning, bins, drift));
            }
        };
    }
}
