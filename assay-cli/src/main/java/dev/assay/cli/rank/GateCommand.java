package dev.assay.cli.rank;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.ranking.gating.EarlyExitBand;
import dev.assay.ranking.gating.GateAnalysis;
import dev.assay.ranking.gating.GatingSolution;
import dev.assay.ranking.gating.RocCurve;
import dev.assay.ranking.gating.RoutingData;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay rank gate QRELS --first-stage RUN --upshift RUN --budget-ms B}: chooses the
 * confidence threshold below which queries are sent to the stronger ranker, maximising the
 * mean gain in the measure under a mean latency budget, by Lagrangian dual ascent; prints the
 * threshold, its gain against never and always upshifting, the exact optimum, the ROC of the
 * confidence as a predictor of "upshifting helps", and the early-exit band.
 */
@Command(name = "gate", description = "Two-stage gating: the upshift threshold under a latency budget, from two real runs.",
        footer = {ExitCodes.EXAMPLE,
                "  assay rank gate qrels.txt --first-stage bm25.run --upshift rerank.run \\",
                "      --budget-ms 10",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class GateCommand implements Callable<Integer> {
    @Mixin
    RoutingOptions routing;

    @Option(names = "--first-stage", required = true, paramLabel = "RUN", description = "The cheap ranker's run")
    Path firstStage;

    @Option(names = "--band", defaultValue = "0.1", description = "Share of queries in the early-exit band")
    double band;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        Measure m = routing.measure();
        RoutingData data = RoutingData.fromRuns(Qrels.read(routing.qrelsFile), Run.read(firstStage), Run.read(routing.upshift), m,
                routing.k, routing.cost());
        GateAnalysis a = GateAnalysis.of(data, routing.budgetMs, band);
        GatingSolution s = a.solution();
        int n = a.topics();
        PrintWriter out = ctx.out();
        out.printf(Locale.ROOT, "topics %d, measure %s, upshift cost %.1f ms, budget %.2f ms per query%n", n, m.name(),
                routing.upshiftCostMs, routing.budgetMs);
        out.printf(Locale.ROOT, "theta* %.4f (upshift when confidence < theta*), lambda %.6f, %d iterations%n",
                s.theta(), s.lambda(), s.iterations());
        out.printf(Locale.ROOT, "upshift rate %.3f, mean cost %.2f ms, mean gain %+.4f (never 0, always %+.4f, exact optimum %+.4f,"
                        + " Lagrangian maximisers alone %+.4f)%n",
                s.upshiftRate(), s.meanCost(), s.meanGain(), a.alwaysGain(), s.exactGain(), s.lagrangianGain());
        if (a.roc().isPresent()) {
            RocCurve roc = a.roc().get();
            out.printf(Locale.ROOT, "ROC of low confidence predicting a gain: AUC %.4f over %d points (%d helped, %d did not)%n",
                    roc.auc(), roc.points().size(), roc.positives(), roc.negatives());
        } else {
            out.println("ROC: undefined (every upshift " + (a.helped() == 0 ? "hurt or tied" : "helped") + ")");
        }
        if (a.band().isPresent()) {
            EarlyExitBand b = a.band().get();
            out.printf(Locale.ROOT, "early-exit band [%.4f, %.4f): %d queries (mean gain %+.4f); exit %d, upshift at once %d%n",
                    s.theta() - b.delta(), s.theta(), b.band(), b.bandMeanGain(), b.exit(), b.upshift());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
