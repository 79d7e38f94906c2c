package dev.assay.cli.rank;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.gating.RoutingData;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The routing problem's inputs shared by {@code rank gate} and {@code rank distill}: qrels, upshift run, measure, budget, cost model, k. */
final class RoutingOptions {
    @Parameters(index = "0", paramLabel = "QRELS")
    Path qrelsFile;

    @Option(names = "--upshift", required = true, paramLabel = "RUN", description = "The stronger ranker's run")
    Path upshift;

    @Option(names = "--measure", defaultValue = "ndcg_cut.10", paramLabel = "MEASURE")
    String measure;

    @Option(names = "--budget-ms", required = true, paramLabel = "MS", description = "Mean extra latency allowed per query")
    double budgetMs;

    @Option(names = "--upshift-cost-ms", defaultValue = "40", paramLabel = "MS", description = "Latency of one upshift")
    double upshiftCostMs;

    @Option(names = "--k", defaultValue = "10", description = "Top k of the first stage the confidence and features are computed from")
    int k;

    /** Checks the budget and parses the measure. */
    Measure measure() {
        if (!(budgetMs >= 0)) throw new InvalidInputException("--budget-ms must be >= 0, but was " + budgetMs);
        return Measures.parseOneAveraged(measure);
    }

    RoutingData.CostModel cost() {
        return new RoutingData.CostModel(upshiftCostMs);
    }
}
