package dev.assay.ranking.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.assay.core.InvalidInputException;
import dev.assay.core.stats.Binning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A release contract file (YAML or JSON): {@code name}, {@code resamples}, {@code seed},
 * {@code guards} (each with {@code name}, {@code type}: quality | latency | tail_ratio |
 * overlap | calibration, and that type's fields) and optional {@code slices} (slice name
 * to a list of topics). Every problem in a file is reported at once.
 */
public record ContractFile(ReleaseContract contract, Map<String, Set<String>> slices) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public ContractFile {
        slices = Map.copyOf(slices);
    }

    public static ContractFile load(Path file, Predicate<String> knownMeasure) {
        try {
            return parse(Files.readString(file), knownMeasure, file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("contract file not found: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read contract file " + file + ": " + e.getMessage());
        }
    }

    /** Parses a contract; {@code knownMeasure} says which measure names exist; {@code source} names the text in errors. */
    public static ContractFile parse(String text, Predicate<String> knownMeasure, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": not valid YAML/JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) throw new InvalidInputException(source + ": a contract must be a mapping");
        List<String> problems = new ArrayList<>();
        unknownKeys(root, Set.of("name", "resamples", "seed", "guards", "slices"), "", problems);
        String name = text(root, "name", "release", problems, "");
        int resamples = (int) number(root, "resamples", 10_000, problems, "");
        long seed = (long) number(root, "seed", 1, problems, "");
        Map<String, Set<String>> slices = new HashMap<>();
        JsonNode sl = root.get("slices");
        if (sl != null) {
            if (!sl.isObject()) problems.add("slices must be a mapping from slice name to a list of topics");
            else sl.fields().forEachRemaining(e -> {
                if (!e.getValue().isArray() || e.getValue().isEmpty())
                    problems.add("slices." + e.getKey() + " must be a non-empty list of topics");
                else {
                    Set<String> topics = new LinkedHashSet<>();
                    e.getValue().forEach(t -> topics.add(t.asText()));
                    slices.put(e.getKey(), topics);
                }
            });
        }
        List<Guard> guards = new ArrayList<>();
        JsonNode gs = root.get("guards");
        if (gs == null || !gs.isArray() || gs.isEmpty()) problems.add("guards must be a non-empty list");
        else for (int i = 0; i < gs.size(); i++) {
            Guard g = guard(gs.get(i), "guards[" + i + "]", knownMeasure, slices, problems);
            if (g != null) guards.add(g);
        }
        ReleaseContract contract = null;
        if (problems.isEmpty()) {
            try {
                contract = new ReleaseContract(name, resamples, seed, guards);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty())
            throw new InvalidInputException(source + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                    + ": " + String.join("; ", problems));
        return new ContractFile(contract, slices);
    }

    private static Guard guard(JsonNode g, String at, Predicate<String> knownMeasure, Map<String, Set<String>> slices,
                               List<String> problems) {
        if (!g.isObject()) {
            problems.add(at + " must be a mapping");
            return null;
        }
        String name = text(g, "name", null, problems, at + ".");
        String type = text(g, "type", null, problems, at + ".");
        if (name == null || type == null) return null;
        int before = problems.size();
        Guard guard;
        try {
            guard = switch (type.toLowerCase(Locale.ROOT)) {
                case "quality" -> {
                    unknownKeys(g, Set.of("name", "type", "measure", "slice", "method", "alpha", "margin", "minTopics"), at + ".", problems);
                    String measure = text(g, "measure", null, problems, at + ".");
                    if (measure != null && !knownMeasure.test(measure))
                        problems.add(at + ".measure: unknown measure '" + measure + "'");
                    String slice = text(g, "slice", "", problems, at + ".");
                    if (!slice.isEmpty() && !slices.containsKey(slice))
                        problems.add(at + ".slice: slice '" + slice + "' is not defined under slices");
                    QualityMethod method = enumValue(QualityMethod.class, text(g, "method", "bootstrap_bca", problems, at + "."),
                            at + ".method", problems);
                    double alpha = number(g, "alpha", 0.05, problems, at + ".");
                    double margin = number(g, "margin", 0, problems, at + ".");
                    int minTopics = (int) number(g, "minTopics", 5, problems, at + ".");
                    yield problems.size() > before ? null
                            : new Guard.Quality(name, measure, slice.isEmpty() ? null : slice, method, alpha, margin, minTopics);
                }
                case "latency" -> {
                    unknownKeys(g, Set.of("name", "type", "percentile", "limitMs", "minSamples"), at + ".", problems);
                    double p = number(g, "percentile", 95, problems, at + ".");
                    double limit = number(g, "limitMs", Double.NaN, problems, at + ".");
                    int min = (int) number(g, "minSamples", 100, problems, at + ".");
                    yield problems.size() > before ? null : new Guard.Latency(name, p, limit, min);
                }
                case "tail_ratio" -> {
                    unknownKeys(g, Set.of("name", "type", "maxRatio", "minSamples"), at + ".", problems);
                    double max = number(g, "maxRatio", Double.NaN, problems, at + ".");
                    int min = (int) number(g, "minSamples", 100, problems, at + ".");
                    yield problems.size() > before ? null : new Guard.TailRatio(name, max, min);
                }
                case "overlap" -> {
                    unknownKeys(g, Set.of("name", "type", "k", "minMean"), at + ".", problems);
                    int k = (int) number(g, "k", 10, problems, at + ".");
                    double min = number(g, "minMean", 0.75, problems, at + ".");
                    yield problems.size() > before ? null : new Guard.Overlap(name, k, min);
                }
                case "calibration" -> {
                    unknownKeys(g, Set.of("name", "type", "binning", "bins", "maxDrift"), at + ".", problems);
                    Binning binning = enumValue(Binning.class, text(g, "binning", "equal_mass", problems, at + "."),
                            at + ".binning", problems);
                    int bins = (int) number(g, "bins", 15, problems, at + ".");
                    double drift = number(g, "maxDrift", 0.02, problems, at + ".");
                    yield problems.size() > before ? null : new Guard.CalibrationDrift(name, binning, bins, drift);
                }
                default -> {
                    problems.add(at + ".type: unknown guard type '" + type + "' (quality, latency, tail_ratio, overlap, calibration)");
                    yield null;
                }
            };
        } catch (IllegalArgumentException e) {
            problems.add(at + ": " + e.getMessage());
            return null;
        }
        return guard;
    }

    private static void unknownKeys(JsonNode n, Set<String> allowed, String at, List<String> problems) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) problems.add(at + k + ": unknown field");
        }
    }

    private static String text(JsonNode n, String field, String dflt, List<String> problems, String at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (dflt == null) problems.add(at + field + ": required");
            return dflt;
        }
        if (!v.isValueNode()) {
            problems.add(at + field + ": must be a single value");
            return dflt;
        }
        return v.asText();
    }

    private static double number(JsonNode n, String field, double dflt, List<String> problems, String at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (Double.isNaN(dflt)) problems.add(at + field + ": required");
            return dflt;
        }
        if (!v.isNumber()) {
            problems.add(at + field + ": must be a number, but was '" + v.asText() + "'");
            return Double.isNaN(dflt) ? 0 : dflt;
        }
        return v.asDouble();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String raw, String at, List<String> problems) {
        try {
            return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(at + ": unknown value '" + raw + "' (" + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ")");
            return type.getEnumConstants()[0];
        }
    }
}
