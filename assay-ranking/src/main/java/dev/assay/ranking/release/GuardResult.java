package dev.assay.ranking.release;

import dev.assay.core.contract.Verdict;
import dev.assay.ranking.figure.Histogram;
import dev.assay.ranking.figure.TopicDelta;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One guard's verdict with the numbers behind it: one record per kind of guard, and {@link NoData} for any kind. */
public sealed interface GuardResult {
    /** The guard evaluated. */
    Guard guard();

    Verdict verdict();

    /** One line a person reads: what was measured against what. */
    String detail();

    /** The guard's name. */
    default String name() {
        return guard().name();
    }

    /**
     * A quality guard: {@code estimate} is the mean paired delta, {@code lower} its one-sided lower
     * bound at {@code level} (the guard's alpha after Holm's step-down), {@code pValue} /
     * {@code adjustedPValue} the one-sided sign-flip test of non-inferiority and its Holm adjustment,
     * over {@code samples} paired topics.
     * With fewer paired topics than the guard needs it is INCONCLUSIVE and untested: {@code lower},
     * {@code pValue} and {@code adjustedPValue} are NaN.
     * {@code bootstrap} is the histogram of the bootstrap means the bound was read from (empty when
     * untested), {@code topicDeltas} the paired topics' deltas, ascending.
     */
    record Quality(Guard.Quality guard, Verdict verdict, double estimate, double lower, double level, double pValue,
                   double adjustedPValue, int samples, String detail, Optional<Histogram> bootstrap,
                   List<TopicDelta> topicDeltas) implements GuardResult {
        public Quality {
            requireCommon(guard, verdict, detail);
            if (samples < 1) throw new IllegalArgumentException("samples (paired topics) must be >= 1, but was " + samples);
            Objects.requireNonNull(bootstrap, "bootstrap");
            topicDeltas = List.copyOf(topicDeltas);
            if (topicDeltas.size() != samples)
                throw new IllegalArgumentException("topicDeltas must hold the " + samples + " paired topics, but held " + topicDeltas.size());
        }

        /** The lowest passing mean delta: -margin (0, not -0, without a margin). */
        public double threshold() {
            return guard.margin() == 0 ? 0 : -guard.margin();
        }
    }

    /** A latency guard: the candidate's latency at the guard's percentile against its limit. */
    record Latency(Guard.Latency guard, Verdict verdict, double valueMs, int samples, String detail) implements GuardResult {
        public Latency {
            requireCommon(guard, verdict, detail);
            if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, but was " + samples);
        }
    }

    /** A tail-ratio guard: p99 / p95 of the candidate's latencies (NaN when p95 is 0, and then INCONCLUSIVE). */
    record TailRatio(Guard.TailRatio guard, Verdict verdict, double ratio, double p95Ms, double p99Ms, int samples,
                     String detail) implements GuardResult {
        public TailRatio {
            requireCommon(guard, verdict, detail);
            if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, but was " + samples);
        }
    }

    /** An overlap guard: the mean Jaccard@k over {@code topics} topics. */
    record Overlap(Guard.Overlap guard, Verdict verdict, double mean, int topics, String detail) implements GuardResult {
        public Overlap {
            requireCommon(guard, verdict, detail);
            if (topics < 1) throw new IllegalArgumentException("topics must be >= 1, but was " + topics);
        }
    }

    /** A calibration-drift guard: candidate's ECE minus production's, from {@code samples} candidate pairs. */
    record Calibration(Guard.CalibrationDrift guard, Verdict verdict, double drift, double candidateEce, double productionEce,
                       int samples, String detail) implements GuardResult {
        public Calibration {
            requireCommon(guard, verdict, detail);
        }
    }

    /** Any guard without the inputs it needs (no common topic, no latencies, ...): NO_DATA. */
    record NoData(Guard guard, String detail) implements GuardResult {
        public NoData {
            requireCommon(guard, Verdict.NO_DATA, detail);
        }

        @Override
        public Verdict verdict() {
            return Verdict.NO_DATA;
        }
    }

    private static void requireCommon(Guard guard, Verdict verdict, String detail) {
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
    }
}
