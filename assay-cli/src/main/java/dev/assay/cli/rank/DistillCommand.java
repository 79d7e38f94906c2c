package dev.assay.cli.rank;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.core.contract.Verdict;
import dev.assay.ranking.gating.RoutingData;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.router.ContextFeatures;
import dev.assay.ranking.router.Distillation;
import dev.assay.ranking.router.DistillationReport;
import dev.assay.ranking.router.MonotoneGbm;
import dev.assay.ranking.router.RouterArtifact;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay rank distill QRELS --first-stage RUN [--first-stage RUN ...] --upshift RUN
 * --budget-ms B}: learns which queries gain from being upshifted with a monotone GBM teacher
 * on context features of the first stage's own scores, distils it to 16-segment
 * piecewise-linear shapes and INT8 tables, and gates the INT8 router on no regret: the lower
 * confidence bound of (INT8 policy's gain minus the teacher policy's gain), cross-fitted over
 * topics, must be at least minus the margin. Several first-stage runs pool their queries (one
 * router for all of them, folds by topic). A router that fails the gate is not written unless
 * {@code --force}. Exit 0 PASS, 1 FAIL, 2 bad usage or input.
 */
@Command(name = "distill", description = "Router distillation: monotone GBM -> 16-segment PWL -> INT8, gated on no regret (exit 0 PASS, 1 FAIL).",
        footer = {ExitCodes.EXAMPLE,
                "  assay rank distill qrels.txt --first-stage bm25.run --upshift rerank.run \\",
                "      --budget-ms 10 --out router.json",
                ExitCodes.HELP,
                "  0   PASS: the INT8 router has no regret against its teacher",
                "  1   FAIL: it has (the router is not written unless --force)",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class DistillCommand implements Callable<Integer> {
    @Mixin
    RoutingOptions routing;

    @Option(names = "--first-stage", required = true, paramLabel = "RUN", description = "The cheap ranker's run (repeat to pool several)")
    List<Path> firstStage;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-fitting folds over topics")
    int folds;

    @Option(names = "--depth", defaultValue = "2", description = "Teacher tree depth")
    int depth;

    @Option(names = "--rounds", defaultValue = "150", description = "Teacher boosting rounds")
    int rounds;

    @Option(names = "--segments", defaultValue = "16", description = "Piecewise-linear segments per feature")
    int segments;

    @Option(names = "--cells", defaultValue = "1024", description = "INT8 cells per feature table")
    int cells;

    @Option(names = "--min-gain", defaultValue = "0", description = "Never upshift a query predicted to gain less")
    double minGain;

    @Option(names = "--margin-points", defaultValue = "0.05", description = "No-regret margin in points of the measure x 100")
    double marginPoints;

    @Option(names = "--alpha", defaultValue = "0.05", description = "One-sided level of the no-regret bound")
    double alpha;

    @Option(names = "--resamples", defaultValue = "10000", description = "Bootstrap resamples")
    int resamples;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of folds, trees and bootstrap")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the router artifact here (only when the gate passes, unless --force)")
    Path out;

    @Option(names = "--force", description = "Write --out even when the no-regret gate fails (the artifact records the FAIL verdict)")
    boolean force;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        if (!(marginPoints >= 0)) throw new InvalidInputException("--margin-points must be >= 0, but was " + marginPoints);
        Measure m = routing.measure();
        Distillation.Config c = new Distillation.Config(folds, segments, cells, 20,
                new MonotoneGbm.Params(rounds, depth, 0.05, 5, 1, seed), routing.budgetMs, minGain, marginPoints / 100, alpha, resamples, seed, 2_000);
        Path qrelsFile = routing.qrelsFile;
        Path upshift = routing.upshift;
        Qrels qrels = Qrels.read(qrelsFile);
        Run up = Run.read(upshift);
        List<ContextFeatures> parts = new ArrayList<>();
        List<double[]> gains = new ArrayList<>();
        List<double[]> costs = new ArrayList<>();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(qrelsFile.getFileName().toString(), Hashing.sha256Hex(qrelsFile));
        inputs.put(upshift.getFileName().toString(), Hashing.sha256Hex(upshift));
        for (Path p : firstStage) {
            if (p.toAbsolutePath().normalize().equals(upshift.toAbsolutePath().normalize()))
                throw new InvalidInputException("--first-stage " + p + " is the --upshift run itself");
            Run first = Run.read(p);
            RoutingData data = RoutingData.fromRuns(qrels, first, up, m, routing.k, routing.cost());
            parts.add(ContextFeatures.of(first, data.topics(), routing.k));
            gains.add(data.gain());
            costs.add(data.cost());
            inputs.put(p.getFileName().toString(), Hashing.sha256Hex(p));
        }
        DistillationReport r = Distillation.run(ContextFeatures.concat(parts), concat(gains), concat(costs), c, progress.progress(ctx));
        print(ctx.out(), r, m);
        if (out != null && (r.verdict() == Verdict.PASS || force)) {
            RouterArtifact.of(r, inputs, m.name(), ctx.clock().instant()).write(out);
            ctx.out().println("router written to " + out + (r.verdict() == Verdict.PASS ? "" : " (--force: the gate FAILED)"));
        } else if (out != null) {
            ctx.out().println("router not written to " + out + ": the no-regret gate failed (--force writes it anyway)");
        }
        ctx.out().flush();
        return r.verdict() == Verdict.PASS ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private void print(PrintWriter o, DistillationReport r, Measure m) {
        o.printf(Locale.ROOT, "%d queries (%d first-stage run%s), measure %s, upshift cost %.1f ms, budget %.2f ms per query, %d folds%n",
                r.topics(), firstStage.size(), firstStage.size() == 1 ? "" : "s", m.name(), routing.upshiftCostMs, routing.budgetMs, folds);
        o.printf(Locale.ROOT, "features %s, monotone %s%n", r.features(), Arrays.toString(r.monotone()));
        o.println("out-of-fold policy outcomes:");
        for (Distillation.PolicyOutcome p : r.outcomes())
            o.printf(Locale.ROOT, "  %-30s mean gain %+.4f  upshift rate %.3f  mean cost %6.2f ms%n", p.policy().label(), p.meanGain(),
                    p.upshiftRate(), p.meanCost());
        o.printf(Locale.ROOT, "no regret (INT8 - teacher): mean %+.5f, %s lower bound %+.5f at level %.2f, margin -%.5f; agreement %.3f%n",
                r.noRegret().estimate(), r.noRegret().method(), r.noRegret().lower(), r.noRegret().confidenceLevel(), r.config().margin(),
                r.agreement());
        o.printf(Locale.ROOT, "fidelity: RMSE(PWL - teacher) %.5f, max |INT8 - PWL| %.5f (bound %.5f)%n", r.pwlTeacherRmse(),
                r.int8PwlMaxError(), r.int8ErrorBound());
        o.printf(Locale.ROOT, "monotonicity on a %d-point grid: teacher %s, PWL %s, INT8 %s%n", r.config().gridPoints(),
                ok(r.teacherViolation()), ok(r.pwlViolation()), ok(r.int8Violation()));
        o.printf(Locale.ROOT, "shipped policy: upshift when predicted gain > %.5f and >= %.5f%n", r.policy().tau(), r.policy().minGain());
        o.println(r.verdict() + "  no-regret gate of the distilled router");
    }

    private static String ok(String violation) {
        return violation == null ? "ok" : "VIOLATED at " + violation;
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
