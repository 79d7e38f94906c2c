package dev.assay.ranking.release;

import dev.assay.core.stats.Binning;
import dev.assay.ranking.metrics.Measure;
import java.util.Objects;

/** One requirement of a release contract, evaluated candidate against the current production ranker. */
public sealed interface Guard {
    String name();

    /** The guard's type as contract files, reports and ledger entries write it. */
    default String type() {
        return switch (this) {
            case Quality q -> "quality";
            case Latency l -> "latency";
            case TailRatio t -> "tail_ratio";
            case Overlap o -> "overlap";
            case CalibrationDrift c -> "calibration";
        };
    }

    /**
     * The candidate's mean per-topic {@code measure} (one trec_eval measure, e.g.
     * {@code ndcg_cut.10}) minus production's, over the topics of {@code slice} ({@code null}:
     * all), must have a one-sided lower confidence bound at level {@code alpha} of at least
     * {@code -margin} (margin >= 0 is a non-inferiority margin in the measure's units).
     * Fewer than {@code minTopics} paired topics is INCONCLUSIVE.
     */
    record Quality(String name, Measure measure, String slice, QualityMethod method, double alpha, double margin,
                   int minTopics) implements Guard {
        public Quality {
            requireName(name);
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(method, "method");
            if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must be in (0, 0.5), but was " + alpha);
            if (!(margin >= 0 && margin < 1)) throw new IllegalArgumentException("margin must be in [0, 1), but was " + margin);
            if (minTopics < 2) throw new IllegalArgumentException("minTopics must be >= 2, but was " + minTopics);
        }
    }

    /** The candidate's latency {@code percentile} (e.g. 95, 99) must be at most {@code limitMs}. */
    record Latency(String name, double percentile, double limitMs, int minSamples) implements Guard {
        /** The percentile when none is given. */
        public static final double DEFAULT_PERCENTILE = 95;
        /** Fewest latencies when none is given. */
        public static final int DEFAULT_MIN_SAMPLES = 100;

        public Latency {
            requireName(name);
            if (!(percentile > 0 && percentile < 100)) throw new IllegalArgumentException("percentile must be in (0, 100), but was " + percentile);
            if (!(limitMs > 0)) throw new IllegalArgumentException("limitMs must be > 0, but was " + limitMs);
            if (minSamples < 1) throw new IllegalArgumentException("minSamples must be >= 1, but was " + minSamples);
        }
    }

    /** The candidate's p99 / p95 latency ratio must be at most {@code maxRatio} (a heavy tail). */
    record TailRatio(String name, double maxRatio, int minSamples) implements Guard {
        /** Fewest latencies when none is given. */
        public static final int DEFAULT_MIN_SAMPLES = 100;

        public TailRatio {
            requireName(name);
            if (!(maxRatio >= 1)) throw new IllegalArgumentException("maxRatio must be >= 1, but was " + maxRatio);
            if (minSamples < 1) throw new IllegalArgumentException("minSamples must be >= 1, but was " + minSamples);
        }
    }

    /** The mean Jaccard@k between candidate's and production's top k over topics must be at least {@code minMean}. */
    record Overlap(String name, int k, double minMean) implements Guard {
        /** The depth k when none is given. */
        public static final int DEFAULT_K = 10;
        /** The least mean Jaccard@k when none is given. */
        public static final double DEFAULT_MIN_MEAN = 0.75;

        public Overlap {
            requireName(name);
            if (k < 1) throw new IllegalArgumentException("k must be >= 1, but was " + k);
            if (!(minMean >= 0 && minMean <= 1)) throw new IllegalArgumentException("minMean must be in [0, 1], but was " + minMean);
        }
    }

    /** The candidate's calibration error may exceed production's by at most {@code maxDrift}. */
    record CalibrationDrift(String name, Binning binning, int bins, double maxDrift) implements Guard {
        /** The binning when none is given. */
        public static final Binning DEFAULT_BINNING = Binning.EQUAL_MASS;
        /** The number of bins when none is given. */
        public static final int DEFAULT_BINS = 15;
        /** The largest calibration drift when none is given. */
        public static final double DEFAULT_MAX_DRIFT = 0.02;

        public CalibrationDrift {
            requireName(name);
            Objects.requireNonNull(binning, "binning");
            if (bins < 1) throw new IllegalArgumentException("bins must be >= 1, but was " + bins);
            if (!(maxDrift >= 0)) throw new IllegalArgumentException("maxDrift must be >= 0, but was " + maxDrift);
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("guard name must not be blank");
    }
}
