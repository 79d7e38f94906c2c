package dev.assay.ranking.harvest;

import dev.assay.ranking.figure.Figure;
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

    /** {@link #markdown(ChoiceRule)} followed by links to {@code figures} under {@code dir} (relative to the report). */
    public String markdown(ChoiceRule rule, List<Figure> figures, String dir) {
        return markdown(rule) + Figure.markdownSection(figures, dir);
    }

    /**
     * One figure, {@value #FRONTIER_FILE}: every warm configuration as (p95 latency in µs, recall@k),
     * the warm Pareto frontier marked (the points the table stars).
     */
    public List<Figure> figures() {
        List<HarvestPoint> warm = points(Phase.WARM);
        List<HarvestPoint> frontier = ParetoFrontier.of(warm);
        List<Figure.Point> points = warm.stream().map(p -> new Figure.Point("ef " + p.config().ef() + ", k " + p.config().k(),
                p.p95Micros(), p.recall(), frontier.contains(p))).toList();
        return List.of(new Figure.Frontier(FRONTIER_FILE, "Recall against warm p95 latency: " + corpus + ", " + queries
                + " queries (Pareto frontier highlighted)", "warm p95 latency per query (µs)", "recall@k against exact search", points));
    }

    /** The file name of the frontier figure. */
    public static final String FRONTIER_FILE = "frontier-recall-p95.png";
}
