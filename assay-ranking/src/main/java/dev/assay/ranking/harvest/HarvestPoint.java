package dev.assay.ranking.harvest;

import java.util.Objects;

/**
 * Quality and latency of one configuration in one phase, averaged or taken over all queries.
 *
 * @param config     ef and k
 * @param phase      cold or warm
 * @param recall     mean recall@k against exact search
 * @param jaccard10  mean Jaccard@10 between the index's and exact search's top 10
 * @param p50Micros  median latency per query, microseconds
 * @param p95Micros  95th-percentile latency per query, microseconds
 * @param queries    queries measured
 */
public record HarvestPoint(HarvestGrid.Config config, Phase phase, double recall, double jaccard10,
                           double p50Micros, double p95Micros, int queries) {
    public HarvestPoint {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(phase, "phase");
        checkUnit(recall, "recall");
        checkUnit(jaccard10, "jaccard10");
        if (!(p50Micros >= 0)) throw new IllegalArgumentException("p50Micros must be >= 0, but was " + p50Micros);
        if (!(p95Micros >= p50Micros)) {
            throw new IllegalArgumentException("p95Micros must be >= p50Micros = " + p50Micros + ", but was " + p95Micros);
        }
        if (queries < 1) throw new IllegalArgumentException("queries must be >= 1, but was " + queries);
    }

    private static void checkUnit(double v, String name) {
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], but was " + v);
    }
}
