package dev.assay.ranking.monitor;

import dev.assay.core.alert.Severity;
import dev.assay.core.contract.Action;
import dev.assay.core.contract.GapPolicy;
import dev.assay.core.document.Document;
import dev.assay.core.document.InvalidDocumentException;
import dev.assay.core.document.Mapping;
import dev.assay.core.document.Problems;
import dev.assay.core.stats.Binning;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Limits and test settings of a {@link RankingMonitor}; every problem is reported at once, as one
 * {@link InvalidDocumentException} whose problems name the components. Each default is a named
 * {@code DEFAULT_*} constant; {@link #builder()} starts from them, and {@link #parse} reads a YAML
 * file of overrides through the core {@link Document} reader (keys as the components).
 *
 * @param window                 window length
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
 * @param latencyFor             how long p95 must exceed its limit to roll back
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
    /** Names this configuration in error messages. */
    static final String SUBJECT = "invalid monitor configuration";

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final double DEFAULT_ALPHA = 0.05;
    public static final long DEFAULT_SEED = 20260101L;
    public static final int DEFAULT_RESAMPLES = 2000;
    public static final int DEFAULT_MIN_QUERIES = 20;
    public static final double DEFAULT_QUALITY_MARGIN = 0.02;
    public static final double DEFAULT_QUALITY_WARN_BAND = 0.01;
    public static final int DEFAULT_QUALITY_STREAK = 3;
    /** tau = 0.02: an effect of two points of the gain is what the sequential test is tuned to find. */
    public static final double DEFAULT_SEQUENTIAL_TAU_SQUARED = 0.0004;
    public static final int DEFAULT_SEQUENTIAL_BURN_IN = 30;
    public static final double DEFAULT_EMERGENCY_EFFECT = 0.05;
    public static final double DEFAULT_LATENCY_P95_LIMIT_MS = 250;
    public static final Duration DEFAULT_LATENCY_FOR = Duration.ofMinutes(5);
    public static final double DEFAULT_LATENCY_WARN_PERCENT = 10;
    public static final double DEFAULT_JACCARD_MIN = 0.75;
    public static final int DEFAULT_JACCARD_ESCALATE_AFTER = 5;
    public static final Severity DEFAULT_JACCARD_ESCALATION = Severity.CRITICAL;
    public static final Action DEFAULT_JACCARD_ESCALATION_ACTION = Action.ALERT;
    public static final double DEFAULT_MAX_ECE = 0.02;
    public static final int DEFAULT_CALIBRATION_BINS = 10;
    public static final Binning DEFAULT_CALIBRATION_BINNING = Binning.EQUAL_WIDTH;
    public static final int DEFAULT_MIN_CALIBRATION_PAIRS = 50;
    public static final GapPolicy DEFAULT_ON_NO_DATA = GapPolicy.PAUSE;
    public static final GapPolicy DEFAULT_ON_INCONCLUSIVE = GapPolicy.PAUSE;

    /** The keys of a monitor configuration file: the component names. */
    private static final List<String> KEYS =
            Arrays.stream(MonitorConfig.class.getRecordComponents()).map(RecordComponent::getName).toList();

    public MonitorConfig {
        Problems p = new Problems();
        if (window == null || window.isNegative() || window.isZero() || window.toMillis() * 1_000_000 != window.toNanos()) {
            p.add("window", 0, "must be a positive whole number of milliseconds, but was " + window);
        }
        if (!(alpha > 0 && alpha < 0.5)) p.add("alpha", 0, "must be in (0, 0.5), but was " + alpha);
        if (resamples < 100) p.add("resamples", 0, "must be >= 100, but was " + resamples);
        if (minQueries < 2) p.add("minQueries", 0, "must be >= 2, but was " + minQueries);
        if (!(qualityMargin >= 0 && qualityMargin < 1)) p.add("qualityMargin", 0, "must be in [0, 1), but was " + qualityMargin);
        if (!(qualityWarnBand >= 0 && qualityWarnBand < 1)) p.add("qualityWarnBand", 0, "must be in [0, 1), but was " + qualityWarnBand);
        if (qualityStreak < 0) p.add("qualityStreak", 0, "must be >= 0, but was " + qualityStreak);
        if (!(sequentialTauSquared > 0 && Double.isFinite(sequentialTauSquared))) {
            p.add("sequentialTauSquared", 0, "must be positive, but was " + sequentialTauSquared);
        }
        if (sequentialBurnIn < 2) p.add("sequentialBurnIn", 0, "must be >= 2, but was " + sequentialBurnIn);
        if (!(emergencyEffect > 0 && emergencyEffect <= 1)) p.add("emergencyEffect", 0, "must be in (0, 1], but was " + emergencyEffect);
        if (!(latencyP95LimitMs > 0 && Double.isFinite(latencyP95LimitMs))) {
            p.add("latencyP95LimitMs", 0, "must be positive, but was " + latencyP95LimitMs);
        }
        if (latencyFor == null || latencyFor.isNegative() || latencyFor.isZero()) {
            p.add("latencyFor", 0, "must be positive, but was " + latencyFor);
        }
        if (!(latencyWarnPercent >= 0 && latencyWarnPercent < 100)) {
            p.add("latencyWarnPercent", 0, "must be in [0, 100), but was " + latencyWarnPercent);
        }
        if (!(jaccardMin >= 0 && jaccardMin <= 1)) p.add("jaccardMin", 0, "must be in [0, 1], but was " + jaccardMin);
        if (jaccardEscalateAfter < 0) p.add("jaccardEscalateAfter", 0, "must be >= 0, but was " + jaccardEscalateAfter);
        if (jaccardEscalation == null) p.add("jaccardEscalation", 0, "must be set");
        if (jaccardEscalationAction == null) p.add("jaccardEscalationAction", 0, "must be set");
        if (!(maxEce > 0 && maxEce < 1)) p.add("maxEce", 0, "must be in (0, 1), but was " + maxEce);
        if (calibrationBins < 1 || calibrationBins > 1000) p.add("calibrationBins", 0, "must be in [1, 1000], but was " + calibrationBins);
        if (calibrationBinning == null) p.add("calibrationBinning", 0, "must be set");
        if (minCalibrationPairs < 1) p.add("minCalibrationPairs", 0, "must be >= 1, but was " + minCalibrationPairs);
        if (onNoData == null) p.add("onNoData", 0, "must be set");
        if (onInconclusive == null) p.add("onInconclusive", 0, "must be set");
        p.throwIfAny(SUBJECT);
    }

    /** The design document's limits: 60 s windows, alpha 0.05, LCB of the mean gain below -0.02 three windows in a row, p95 &gt; 250 ms for 5 min, Jaccard@10 &lt; 0.75, ECE &gt; 0.02. */
    public static MonitorConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the {@code DEFAULT_*} constants. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads a YAML file of overrides of {@link #defaults()}. */
    public static MonitorConfig load(Path file) {
        return read(Document.read(file, "monitor configuration", SUBJECT + " " + file));
    }

    /**
     * Parses YAML overrides of {@link #defaults()} (keys as the record's components, durations in the
     * core grammar: {@code 60s}, {@code 5m}, {@code 2d}, ISO-8601); unknown keys, wrong types and
     * invalid values are all reported together, each with its key and line.
     */
    public static MonitorConfig parse(String yaml) {
        return read(Document.parse(yaml, SUBJECT));
    }

    /**
     * Reads overrides of {@link #defaults()} from {@code doc} (a whole file, or a {@link dev.assay.core.document.Section}
     * of a larger one, whose problems then carry the section's path and lines).
     */
    public static MonitorConfig read(Document doc) {
        Mapping m = doc.root();
        m.allowOnly(KEYS);
        // A bad value keeps its default, so that the record's own rules still check every other value.
        MonitorConfig c = m.construct(() -> builder()
                .window(m.duration("window", DEFAULT_WINDOW))
                .alpha(m.number("alpha", DEFAULT_ALPHA))
                .seed(m.longInteger("seed", DEFAULT_SEED))
                .resamples(m.integer("resamples", DEFAULT_RESAMPLES))
                .minQueries(m.integer("minQueries", DEFAULT_MIN_QUERIES))
                .qualityMargin(m.number("qualityMargin", DEFAULT_QUALITY_MARGIN))
                .qualityWarnBand(m.number("qualityWarnBand", DEFAULT_QUALITY_WARN_BAND))
                .qualityStreak(m.integer("qualityStreak", DEFAULT_QUALITY_STREAK))
                .sequentialTauSquared(m.number("sequentialTauSquared", DEFAULT_SEQUENTIAL_TAU_SQUARED))
                .sequentialBurnIn(m.integer("sequentialBurnIn", DEFAULT_SEQUENTIAL_BURN_IN))
                .emergencyEffect(m.number("emergencyEffect", DEFAULT_EMERGENCY_EFFECT))
                .latencyP95LimitMs(m.number("latencyP95LimitMs", DEFAULT_LATENCY_P95_LIMIT_MS))
                .latencyFor(m.duration("latencyFor", DEFAULT_LATENCY_FOR))
                .latencyWarnPercent(m.number("latencyWarnPercent", DEFAULT_LATENCY_WARN_PERCENT))
                .jaccardMin(m.number("jaccardMin", DEFAULT_JACCARD_MIN))
                .jaccardEscalateAfter(m.integer("jaccardEscalateAfter", DEFAULT_JACCARD_ESCALATE_AFTER))
                .jaccardEscalation(m.choice("jaccardEscalation", Severity.class, DEFAULT_JACCARD_ESCALATION))
                .jaccardEscalationAction(m.choice("jaccardEscalationAction", Action.class, DEFAULT_JACCARD_ESCALATION_ACTION))
                .maxEce(m.number("maxEce", DEFAULT_MAX_ECE))
                .calibrationBins(m.integer("calibrationBins", DEFAULT_CALIBRATION_BINS))
                .calibrationBinning(m.choice("calibrationBinning", Binning.class, DEFAULT_CALIBRATION_BINNING))
                .minCalibrationPairs(m.integer("minCalibrationPairs", DEFAULT_MIN_CALIBRATION_PAIRS))
                .onNoData(m.choice("onNoData", GapPolicy.class, DEFAULT_ON_NO_DATA))
                .onInconclusive(m.choice("onInconclusive", GapPolicy.class, DEFAULT_ON_INCONCLUSIVE))
                .build());
        return doc.finish(() -> c);
    }

    /** Builds a {@link MonitorConfig} from the defaults, changing only what is set; {@link #build()} validates. */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private double alpha = DEFAULT_ALPHA;
        private long seed = DEFAULT_SEED;
        private int resamples = DEFAULT_RESAMPLES;
        private int minQueries = DEFAULT_MIN_QUERIES;
        private double qualityMargin = DEFAULT_QUALITY_MARGIN;
        private double qualityWarnBand = DEFAULT_QUALITY_WARN_BAND;
        private int qualityStreak = DEFAULT_QUALITY_STREAK;
        private double sequentialTauSquared = DEFAULT_SEQUENTIAL_TAU_SQUARED;
        private int sequentialBurnIn = DEFAULT_SEQUENTIAL_BURN_IN;
        private double emergencyEffect = DEFAULT_EMERGENCY_EFFECT;
        private double latencyP95LimitMs = DEFAULT_LATENCY_P95_LIMIT_MS;
        private Duration latencyFor = DEFAULT_LATENCY_FOR;
        private double latencyWarnPercent = DEFAULT_LATENCY_WARN_PERCENT;
        private double jaccardMin = DEFAULT_JACCARD_MIN;
        private int jaccardEscalateAfter = DEFAULT_JACCARD_ESCALATE_AFTER;
        private Severity jaccardEscalation = DEFAULT_JACCARD_ESCALATION;
        private Action jaccardEscalationAction = DEFAULT_JACCARD_ESCALATION_ACTION;
        private double maxEce = DEFAULT_MAX_ECE;
        private int calibrationBins = DEFAULT_CALIBRATION_BINS;
        private Binning calibrationBinning = DEFAULT_CALIBRATION_BINNING;
        private int minCalibrationPairs = DEFAULT_MIN_CALIBRATION_PAIRS;
        private GapPolicy onNoData = DEFAULT_ON_NO_DATA;
        private GapPolicy onInconclusive = DEFAULT_ON_INCONCLUSIVE;

        private Builder() {}

        public Builder window(Duration v) { window = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder resamples(int v) { resamples = v; return this; }
        public Builder minQueries(int v) { minQueries = v; return this; }
        public Builder qualityMargin(double v) { qualityMargin = v; return this; }
        public Builder qualityWarnBand(double v) { qualityWarnBand = v; return this; }
        public Builder qualityStreak(int v) { qualityStreak = v; return this; }
        public Builder sequentialTauSquared(double v) { sequentialTauSquared = v; return this; }
        public Builder sequentialBurnIn(int v) { sequentialBurnIn = v; return this; }
        public Builder emergencyEffect(double v) { emergencyEffect = v; return this; }
        public Builder latencyP95LimitMs(double v) { latencyP95LimitMs = v; return this; }
        public Builder latencyFor(Duration v) { latencyFor = v; return this; }
        public Builder latencyWarnPercent(double v) { latencyWarnPercent = v; return this; }
        public Builder jaccardMin(double v) { jaccardMin = v; return this; }
        public Builder jaccardEscalateAfter(int v) { jaccardEscalateAfter = v; return this; }
        public Builder jaccardEscalation(Severity v) { jaccardEscalation = v; return this; }
        public Builder jaccardEscalationAction(Action v) { jaccardEscalationAction = v; return this; }
        public Builder maxEce(double v) { maxEce = v; return this; }
        public Builder calibrationBins(int v) { calibrationBins = v; return this; }
        public Builder calibrationBinning(Binning v) { calibrationBinning = v; return this; }
        public Builder minCalibrationPairs(int v) { minCalibrationPairs = v; return this; }
        public Builder onNoData(GapPolicy v) { onNoData = v; return this; }
        public Builder onInconclusive(GapPolicy v) { onInconclusive = v; return this; }

        /** The configuration; throws {@link InvalidDocumentException} naming every invalid component. */
        public MonitorConfig build() {
            return new MonitorConfig(window, alpha, seed, resamples, minQueries, qualityMargin, qualityWarnBand, qualityStreak,
                    sequentialTauSquared, sequentialBurnIn, emergencyEffect, latencyP95LimitMs, latencyFor, latencyWarnPercent,
                    jaccardMin, jaccardEscalateAfter, jaccardEscalation, jaccardEscalationAction, maxEce, calibrationBins,
                    calibrationBinning, minCalibrationPairs, onNoData, onInconclusive);
        }
    }
}
