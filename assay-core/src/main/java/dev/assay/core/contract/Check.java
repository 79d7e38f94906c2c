package dev.assay.core.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A declarative check: {@code statistic(values of metric in slice) comparator threshold}, evaluated per window.
 *
 * @param name unique within its contract; letters, digits and {@code . _ : -}
 * @param slice the slice to read, or {@link #ANY_SLICE} for every slice
 * @param minSamples fewer values than this give INCONCLUSIVE (ignored by COUNT)
 * @param confidence one-sided confidence of MEAN_LCB / MEAN_UCB, in (0.5, 1)
 * @param warnWithinPercent a PASS whose value is within this percentage of the threshold is flagged
 *     as a warning; 0 disables the band
 * @param triggers the stateful rules over successive verdicts of this check
 */
public record Check(String name, String metric, String slice, Statistic statistic, Op comparator, double threshold,
                    int minSamples, double confidence, double warnWithinPercent, List<Trigger> triggers) {
    /** The slice that matches observations of every slice. */
    public static final String ANY_SLICE = "*";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final double DEFAULT_CONFIDENCE = 0.95;

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(comparator, "comparator");
        Objects.requireNonNull(triggers, "triggers");
        triggers = List.copyOf(triggers);
        Problems.Collected problems = new Problems.Collected();
        validate(problems, name, metric, slice, statistic, comparator, threshold, minSamples, confidence, warnWithinPercent);
        problems.throwIfAny();
    }

    /** Evaluates this check on one window. */
    public Evaluation evaluate(Window window) {
        return Evaluator.evaluate(this, window);
    }

    /** True when this check reads observations of {@code observationSlice}. */
    public boolean matchesSlice(String observationSlice) {
        return ANY_SLICE.equals(slice) || slice.equals(observationSlice);
    }

    /** A builder with defaults: slice {@code *}, minSamples 1, confidence 0.95, no warning band, no triggers. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Adds a problem for every invalid field; null fields are skipped (the parser has reported them). */
    static void validate(Problems p, String name, String metric, String slice, Statistic statistic, Op comparator,
                         Double threshold, Integer minSamples, Double confidence, Double warnWithinPercent) {
        if (name != null) {
            p.require(NAME.matcher(name).matches(), "name",
                    "name must be 1..128 letters, digits or . _ : - starting with a letter or digit, but was \"" + name + "\"");
        }
        if (metric != null) p.require(!metric.isBlank(), "metric", "metric must not be blank");
        if (slice != null) p.require(!slice.isBlank(), "slice", "slice must not be blank");
        if (threshold != null) p.require(Double.isFinite(threshold), "threshold", "threshold must be finite, but was " + threshold);
        if (minSamples != null) p.require(minSamples >= 1, "minSamples", "minSamples must be >= 1, but was " + minSamples);
        if (confidence != null) {
            p.require(confidence > 0.5 && confidence < 1.0, "confidence", "confidence must be in (0.5, 1), but was " + confidence);
        }
        if (warnWithinPercent != null) {
            p.require(warnWithinPercent >= 0 && warnWithinPercent < 100, "warnWithinPercent",
                    "warnWithinPercent must be in [0, 100), but was " + warnWithinPercent);
        }
        if (statistic == Statistic.MEAN_LCB && comparator != null) {
            p.require(!comparator.isUpperLimit(), "comparator",
                    "MEAN_LCB is a lower bound and needs comparator GT or GE, but was " + comparator);
        }
        if (statistic == Statistic.MEAN_UCB && comparator != null) {
            p.require(comparator.isUpperLimit(), "comparator",
                    "MEAN_UCB is an upper bound and needs comparator LT or LE, but was " + comparator);
        }
    }

    /** Builds a {@link Check}; every setter is optional except metric, statistic, comparator and threshold. */
    public static final class Builder {
        private final String name;
        private String metric;
        private String slice = ANY_SLICE;
        private Statistic statistic;
        private Op comparator;
        private double threshold = Double.NaN;
        private int minSamples = 1;
        private double confidence = DEFAULT_CONFIDENCE;
        private double warnWithinPercent;
        private final List<Trigger> triggers = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder metric(String metric) {
            this.metric = metric;
            return this;
        }

        public Builder slice(String slice) {
            this.slice = slice;
            return this;
        }

        /** Sets {@code statistic comparator threshold}, e.g. {@code (P99, LE, 250)}. */
        public Builder require(Statistic statistic, Op comparator, double threshold) {
            this.statistic = statistic;
            this.comparator = comparator;
            this.threshold = threshold;
            return this;
        }

        public Builder minSamples(int minSamples) {
            this.minSamples = minSamples;
            return this;
        }

        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        public Builder warnWithinPercent(double percent) {
            this.warnWithinPercent = percent;
            return this;
        }

        public Builder trigger(Trigger trigger) {
            triggers.add(Objects.requireNonNull(trigger, "trigger"));
            return this;
        }

        public Check build() {
            return new Check(name, metric, slice, statistic, comparator, threshold, minSamples, confidence,
                    warnWithinPercent, triggers);
        }
    }
}
