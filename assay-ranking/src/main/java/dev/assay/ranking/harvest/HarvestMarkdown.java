package dev.assay.ranking.harvest;

import java.util.List;
import java.util.Locale;

/** Markdown report of a harvest: setting, grid table with the frontier marked, and the choice. */
final class HarvestMarkdown {
    private HarvestMarkdown() {
    }

    /** The report for {@code result} under {@code rule}. */
    public static String render(HarvestResult result, ChoiceRule rule) {
        var sb = new StringBuilder();
        sb.append("# ANN latency harvest: ").append(result.corpus()).append("\n\n");
        sb.append(fmt("- corpus: %s, %d documents indexed, %d held-out queries, dimension %d%n",
                result.corpus(), result.documents(), result.queries(), result.dimension()));
        sb.append("- embeddings: ").append(result.model()).append('\n');
        sb.append(fmt("- index: Lucene HNSW, M = %d, efConstruction = %d, dot product on unit vectors, one segment, built in %d ms%n",
                result.grid().hnsw().maxConnections(), result.grid().hnsw().beamWidth(), result.buildMillis()));
        sb.append(fmt("- cold = first pass on a fresh reader; warm = after %d warm-up passes; latency of the search call%n%n",
                result.grid().warmupPasses()));
        List<HarvestPoint> warmFrontier = ParetoFrontier.of(result.points(Phase.WARM));
        sb.append("| ef | k | recall@k | Jaccard@10 | cold p50 µs | cold p95 µs | warm p50 µs | warm p95 µs | warm frontier |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|:---:|\n");
        List<HarvestPoint> cold = result.points(Phase.COLD);
        List<HarvestPoint> warm = result.points(Phase.WARM);
        for (int i = 0; i < warm.size(); i++) {
            HarvestPoint w = warm.get(i);
            HarvestPoint c = cold.get(i);
            sb.append(fmt("| %d | %d | %.4f | %.4f | %.1f | %.1f | %.1f | %.1f | %s |%n",
                    w.config().ef(), w.config().k(), w.recall(), w.jaccard10(), c.p50Micros(), c.p95Micros(),
                    w.p50Micros(), w.p95Micros(), warmFrontier.contains(w) ? "*" : ""));
        }
        sb.append('\n');
        sb.append(fmt("Choice rule: the fastest warm configuration (p95) with recall >= best - %.3f and mean Jaccard@10 >= %.2f.%n%n",
                rule.recallTolerance(), rule.jaccardFloor()));
        switch (result.choose(rule)) {
            case ChoiceRule.Choice.Chosen c -> sb.append(fmt(
                    "**Chosen: ef = %d, k = %d** (recall %.4f, best %.4f, Jaccard@10 %.4f, warm p95 %.1f µs).%n",
                    c.point().config().ef(), c.point().config().k(), c.point().recall(), c.bestRecall(),
                    c.point().jaccard10(), c.point().p95Micros()));
            case ChoiceRule.Choice.NoneEligible n -> sb.append("**No configuration chosen:** ").append(n.reason()).append(".\n");
        }
        return sb.toString();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
