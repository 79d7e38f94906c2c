package dev.assay.ranking.harvest;

import java.util.List;
import java.util.Objects;

/**
 * Everything one harvest measured.
 *
 * @param corpus      corpus name
 * @param documents   vectors indexed
 * @param queries     held-out query vectors
 * @param dimension   vector length
 * @param model       embedding model and runtime
 * @param grid        the grid measured
 * @param buildMillis wall time to build and force-merge the index
 * @param points      one cold and one warm point per configuration, in grid order
 */
public record HarvestResult(String corpus, int documents, int queries, int dimension, String model,
                            HarvestGrid grid, long buildMillis, List<HarvestPoint> points) {
    public HarvestResult {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(grid, "grid");
        points = List.copyOf(points);
        if (documents < 1) throw new IllegalArgumentException("documents must be >= 1, but was " + documents);
        if (queries < 1) throw new IllegalArgumentException("queries must be >= 1, but was " + queries);
    }

    /** Points of one phase, in grid order. */
    public List<HarvestPoint> points(Phase phase) {
        return points.stream().filter(p -> p.phase() == phase).toList();
    }

    /** The choice rule applied to the warm points (steady-state latency). */
    public ChoiceRule.Choice choose(ChoiceRule rule) {
        return rule.choose(points(Phase.WARM));
    }

    /** The result as Markdown: the grid, the Pareto frontier and the configuration {@code rule} chooses. */
    public String markdown(ChoiceRule rule) {
        return HarvestMarkdown.render(this, rule);
    }
}
