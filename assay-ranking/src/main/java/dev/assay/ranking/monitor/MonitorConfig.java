package dev.assay.ranking.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.Severity;
import dev.assay.core.contract.Action;
import dev.assay.core.contract.GapPolicy;
import dev.assay.core.stats.Binning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Limits and test settings of a {@link RankingMonitor}; every problem is reported at once.
 *
 * @param window                 window length (default 60 s)
 * @param alpha                  error level of every bound and of the sequential test
 * @param seed                   seed of the per-window bootstraps (window i uses {@code seed + i})
 * @param resamples              bootstrap resamples per window
 * @param minQueries             fewer gains (or latencies, overlaps) in a window give INCONCLUSIVE
 * @param qualityMargin          non-inferiority margin m: a window FAILs when LCB(mean gain) &lt; -m (0 = the design's "LCB &lt; 0")
 * @param qualityWarnBand        a passing LCB below {@code -m + band} is a WARNING
 * @param qualityStreak          consecutive failing windows that roll back (0 disables the window rule)
 * @param sequentialTauSquared   mixture variance tau^2 of the mSPRT (squared effect worth detecting)
 * @param sequentialBurnIn       gains seen before the mSPRT may reject
 * @param emergencyEffect        an mSPRT rejection whose mean gain is at or below {@code -emergencyEffect} is EMERGENCY
 * @param latencyP95LimitMs      p95 latency limit
 * @param latencyFor             how long p95 must exceed its limit to roll back (default 5 min)
 * @param latencyWarnPercent     a passing p95 within this percentage below the limit is a WARNING
 * @param jaccardMin             mean Jaccard@10 below this is a WARNING
 * @param jaccardEscalateAfter   consecutive low-overlap windows that escalate (0 disables)
 * @param jaccardEscalation      severity of the escalation
 * @param jaccardEscalationAction action of the escalation (ALERT or ROLLBACK)
 * @param maxEce                 calibration error above this is a WARNING
 * @param calibrationBins        number of bins K
 * @param calibrationBinning     EQUAL_WIDTH (ECE) or EQUAL_MASS (adaptive ECE)
 * @param minCalibrationPairs    fewer pairs give INCONCLUSIVE
 * @param onNoData               how a NO_DATA window affects every streak
 * @param onInconclusive         how an INCONCLUSIVE window affects every streak
 */
public record MonitorConfig(Duration window, double alpha, long seed, int resamples, int minQueries,
                            double qualityMargin, double qualityWarnBand, int qualityStreak,
                            double sequentialTauSquared, int sequentialBurnIn, double emergencyEffect,
                            double latencyP95LimitMs, Duration latencyFor, double latencyWarnPercent,
                            double jaccardMin, int jaccardEscalateAfter, Severity jaccardEscalation,
                            Action jaccardEscalationAction,
                            double maxEce, int calibrationBins, Binning calibrationBinning, int minCalibrationPairs,
                            GapPolicy onNoData, GapPolicy onInconclusive) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public MonitorConfig {
        List<String> p = new ArrayList<>();
        if (window == null || window.isNegative() || window.isZero() || window.toMillis() * 1_000_000 != window.toNanos()) {
            p.add("window must be a positive whole number of milliseconds, but was " + window);
        }
        if (!(alpha > 0 && alpha < 0.5)) p.add("alpha must be in (0, 0.5), but was " + alpha);
        if (resamples < 100) p.add("resamples must be >= 100, but was " + resamples);
        if (minQueries < 2) p.add("minQueries must be >= 2, but was " + minQueries);
        if (!(qualityMargin >= 0 && qualityMargin < 1)) p.add("qualityMargin must be in [0, 1), but was " + qualityMargin);
        if (!(qualityWarnBand >= 0 && qualityWarnBand < 1)) p.add("qualityWarnBand must be in [0, 1), but was " + qualityWarnBand);
        if (qualityStreak < 0) p.add("qualityStreak must be >= 0, but was " + qualityStreak);
        if (!(sequentialTauSquared > 0 && Double.isFinite(sequentialTauSquared))) {
            p.add("sequentialTauSquared must be positive, but was " + sequentialTauSquared);
        }
        if (sequentialBurnIn < 2) p.add("sequentialBurnIn must be >= 2, but was " + sequentialBurnIn);
        if (!(emergencyEffect > 0 && emergencyEffect <= 1)) p.add("emergencyEffect must be in (0, 1], but was " + emergencyEffect);
        if (!(latencyP95LimitMs > 0 && Double.isFinite(latencyP95LimitMs))) {
            p.add("latencyP95LimitMs must be positive, but was " + latencyP95LimitMs);
        }
        if (latencyFor == null || latencyFor.isNegative() || latencyFor.isZero()) p.add("latencyFor must be positive, but was " + latencyFor);
        if (!(latencyWarnPercent >= 0 && latencyWarnPercent < 100)) {
            p.add("latencyWarnPercent must be in [0, 100), but was " + latencyWarnPercent);
        }
        if (!(jaccardMin >= 0 && jaccardMin <= 1)) p.add("jaccardMin must be in [0, 1], but was " + jaccardMin);
        if (jaccardEscalateAfter < 0) p.add("jaccardEscalateAfter must be >= 0, but was " + jaccardEscalateAfter);
        if (jaccardEscalation == null) p.add("jaccardEscalation must be set");
        if (jaccardEscalationAction == null) p.add("jaccardEscalationAction must be set");
        if (!(maxEce > 0 && maxEce < 1)) p.add("maxEce must be in (0, 1), but was " + maxEce);
        if (calibrationBins < 1 || calibrationBins > 1000) p.add("calibrationBins must be in [1, 1000], but was " + calibrationBins);
        if (calibrationBinning == null) p.add("calibrationBinning must be set");
        if (minCalibrationPairs < 1) p.add("minCalibrationPairs must be >= 1, but was " + minCalibrationPairs);
        if (onNoData == null) p.add("onNoData must be set");
        if (onInconclusive == null) p.add("onInconclusive must be set");
        if (!p.isEmpty()) throw new InvalidInputException("invalid monitor configuration: " + String.join("; ", p));
    }

    /** The design document's limits: 60 s windows, alpha 0.05, LCB of the mean gain below -0.02 three windows in a row, p95 &gt; 250 ms for 5 min, Jaccard@10 &lt; 0.75, ECE &gt; 0.02. */
    public static MonitorConfig defaults() {
        return new MonitorConfig(Duration.ofSeconds(60), 0.05, 20260101L, 2000, 20,
                0.02, 0.01, 3,
                0.0004, 30, 0.05,
                250, Duration.ofMinutes(5), 10,
                0.75, 5, Severity.CRITICAL, Action.ALERT,
                0.02, 10, Binning.EQUAL_WIDTH, 50,
                GapPolicy.PAUSE, GapPolicy.PAUSE);
    }

    /** Reads a YAML file of overrides of {@link #defaults()}. */
    public static MonitorConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read monitor configuration " + file + ": " + e.getMessage());
        }
    }

    /**
     * Parses YAML overrides of {@link #defaults()} (keys as the record's components, durations as
     * {@code 60s}, {@code 5m} or ISO-8601); unknown keys, wrong types and invalid values are all reported together.
     */
    public static MonitorConfig parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("monitor configuration is not valid YAML: " + e.getOriginalMessage());
        }
        MonitorConfig d = defaults();
        if (root == null || root.isMissingNode() || root.isNull()) return d;
        if (!root.isObject()) throw new InvalidInputException("monitor configuration must be a mapping, but was " + root.getNodeType());
        Reader r = new Reader(root);
        MonitorConfig c;
        try {
            c = new MonitorConfig(
                    r.get("window", d.window, MonitorConfig::duration),
                    r.num("alpha", d.alpha), r.get("seed", d.seed, n -> n.canConvertToLong() ? n.asLong() : null),
                    r.integer("resamples", d.resamples), r.integer("minQueries", d.minQueries),
                    r.num("qualityMargin", d.qualityMargin), r.num("qualityWarnBand", d.qualityWarnBand),
                    r.integer("qualityStreak", d.qualityStreak),
                    r.num("sequentialTauSquared", d.sequentialTauSquared), r.integer("sequentialBurnIn", d.sequentialBurnIn),
                    r.num("emergencyEffect", d.emergencyEffect),
                    r.num("latencyP95LimitMs", d.latencyP95LimitMs), r.get("latencyFor", d.latencyFor, MonitorConfig::duration),
                    r.num("latencyWarnPercent", d.latencyWarnPercent),
                    r.num("jaccardMin", d.jaccardMin), r.integer("jaccardEscalateAfter", d.jaccardEscalateAfter),
                    r.enumeration("jaccardEscalation", d.jaccardEscalation, Severity.class),
                    r.enumeration("jaccardEscalationAction", d.jaccardEscalationAction, Action.class),
                    r.num("maxEce", d.maxEce), r.integer("calibrationBins", d.calibrationBins),
                    r.enumeration("calibrationBinning", d.calibrationBinning, Binning.class),
                    r.integer("minCalibrationPairs", d.minCalibrationPairs),
                    r.enumeration("onNoData", d.onNoData, GapPolicy.class),
                    r.enumeration("onInconclusive", d.onInconclusive, GapPolicy.class));
        } catch (InvalidInputException e) {
            r.problems.add(e.getMessage().replace("invalid monitor configuration: ", ""));
            c = null;
        }
        r.unknownKeys();
        if (!r.problems.isEmpty()) throw new InvalidInputException("invalid monitor configuration: " + String.join("; ", r.problems));
        return Objects.requireNonNull(c);
    }

    private static Duration duration(JsonNode n) {
        if (!n.isTextual()) return null;
        String s = n.asText().trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) return Duration.parse(s.toUpperCase(Locale.ROOT));
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            long v = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(v);
                case 'm' -> Duration.ofMinutes(v);
                case 'h' -> Duration.ofHours(v);
                default -> null;
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Reads fields of a YAML mapping, collecting problems instead of stopping at the first. */
    private static final class Reader {
        private static final Set<String> KEYS = Set.of(
                "window", "alpha", "seed", "resamples", "minQueries", "qualityMargin", "qualityWarnBand", "qualityStreak",
                "sequentialTauSquared", "sequentialBurnIn", "emergencyEffect", "latencyP95LimitMs", "latencyFor",
                "latencyWarnPercent", "jaccardMin", "jaccardEscalateAfter", "jaccardEscalation", "jaccardEscalationAction",
                "maxEce", "calibrationBins", "calibrationBinning", "minCalibrationPairs", "onNoData", "onInconclusive");
        final JsonNode root;
        final List<String> problems = new ArrayList<>();

        Reader(JsonNode root) {
            this.root = root;
        }

        <T> T get(String key, T fallback, Function<JsonNode, T> convert) {
            JsonNode n = root.get(key);
            if (n == null) return fallback;
            T v = convert.apply(n);
            if (v == null) {
                problems.add(key + " has an invalid value " + n);
                return fallback;
            }
            return v;
        }

        double num(String key, double fallback) {
            return get(key, fallback, n -> n.isNumber() ? n.asDouble() : null);
        }

        int integer(String key, int fallback) {
            return get(key, fallback, n -> n.canConvertToInt() && n.isIntegralNumber() ? n.asInt() : null);
        }

        <E extends Enum<E>> E enumeration(String key, E fallback, Class<E> type) {
            return get(key, fallback, n -> {
                if (!n.isTextual()) return null;
                for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(n.asText())) return e;
                return null;
            });
        }

        void unknownKeys() {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                String k = it.next().getKey();
                if (!KEYS.contains(k)) problems.add("unknown key " + k);
            }
        }
    }
}
