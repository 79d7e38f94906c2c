package dev.assay.cli.rank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.report.ReportFigures;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.core.config.AssayConfig;
import dev.assay.ranking.router.Distillation;
import dev.assay.ranking.router.MonotoneGbm;
import dev.assay.ranking.sustain.ConformalCoverage;
import dev.assay.ranking.sustain.CoverageBand;
import dev.assay.ranking.sustain.GainModel;
import dev.assay.ranking.sustain.PreviousGating;
import dev.assay.ranking.sustain.SliceCoverage;
import dev.assay.ranking.sustain.SustainArtifacts;
import dev.assay.ranking.sustain.SustainConfig;
import dev.assay.ranking.sustain.SustainCycle;
import dev.assay.ranking.sustain.SustainInputs;
import dev.assay.ranking.sustain.SustainRecorder;
import dev.assay.ranking.sustain.SustainReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code assay rank sustain QRELS --production RUN --candidate RUN --out DIR}: one sustainment
 * cycle of a two-stage ranker (production = first stage, candidate = upshift, as in
 * {@code rank gate}): audit, per-slice conformal coverage, gating re-optimisation, artifacts
 * refreshed atomically in DIR and, when a store is configured, one ledger entry.
 */
@Command(name = "sustain", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sustainment cycle: re-run the audit (release quality guard, confounding of the routing), per-slice split-conformal"
                + " coverage of a gain model, gating re-optimisation under the budget, and refresh the artifacts in --out"
                + " (gating.json, coverage.json, audit.json, figures/*.png, report.md, manifest.json with SHA-256s), written atomically.",
                "A slice whose calibration set is too small for the coverage band to mean anything is TOO_FEW_POINTS: the cycle is then"
                        + " INCONCLUSIVE unless --allow-too-few-points. A distilled router that fails its no-regret gate is not written"
                        + " unless --force-router.",
                "The cycle is appended to the ledger of the data directory (--data-dir, else ASSAY_DATA_DIR, else ./assay-data;"
                        + " or the store of --config / ASSAY_STORE_URL) with its manifest's SHA-256, as every other command does."},
        footer = {ExitCodes.EXAMPLE,
                "  assay rank sustain qrels.txt --production bm25.run --candidate rerank.run \\",
                "      --out sustain/ --previous sustain/",
                ExitCodes.HELP,
                "  0   every step ran, the audit passed, every slice OK (or TOO_FEW_POINTS with",
                "      --allow-too-few-points)",
                "  1   the audit failed (candidate worse than production) or a slice is",
                "      OUT_OF_BAND",
                ExitCodes.HELP_USAGE,
                "  3   inconclusive evidence: no common topics, too few topics to fit the gain",
                "      model, too few paired topics for the audit, or a TOO_FEW_POINTS slice",
                "      (artifacts are written in the last two cases)",
                ExitCodes.HELP_INTERNAL})
public final class SustainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QRELS")
    Path qrelsFile;

    @Option(names = "--production", required = true, paramLabel = "RUN", description = "The production ranker's run (the first stage)")
    Path production;

    @Option(names = "--candidate", required = true, paramLabel = "RUN", description = "The candidate ranker's run (the upshift)")
    Path candidate;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory the artifacts are refreshed in (replaced atomically)")
    Path out;

    @Option(names = "--previous", paramLabel = "DIR", description = "Artifacts of an earlier cycle to report the gating drift against (may equal --out)")
    Path previous;

    @Option(names = "--budget-ms", defaultValue = "10", paramLabel = "MS", description = "Mean extra latency allowed per query")
    double budgetMs;

    @Option(names = {"--cost-ms", "--upshift-cost-ms"}, defaultValue = "40", paramLabel = "MS", description = "Latency of one upshift")
    double costMs;

    @Option(names = "--coverage", defaultValue = "0.95", description = "Nominal conformal coverage; the band is +-0.02")
    double coverage;

    @Option(names = "--band-probability", defaultValue = "0.9", paramLabel = "P",
            description = "A slice is TOO_FEW_POINTS unless a correct model's coverage lands in the band with at least this probability"
                    + " (a correct model is then OUT_OF_BAND in at most 1 - P of cycles per slice)")
    double bandProbability;

    @Option(names = "--train-fraction", defaultValue = "0.3333333333333333", paramLabel = "F",
            description = "Share of the topics the gain model is fitted on (a third)")
    double trainFraction;

    @Option(names = "--calibration-fraction", defaultValue = "0.5", paramLabel = "F",
            description = "Share of the remaining topics used for calibration, the rest for testing")
    double calibrationFraction;

    @Option(names = "--measure", defaultValue = "ndcg_cut.10", paramLabel = "MEASURE", description = "trec_eval measure")
    String measure;

    @Option(names = "--k", defaultValue = "10", description = "Top k of the first stage its confidence is computed from")
    int k;

    @Option(names = "--alpha", defaultValue = "0.05", description = "One-sided level of the release quality guard")
    double alpha;

    @Option(names = "--margin", defaultValue = "0", description = "Non-inferiority margin of the release quality guard")
    double margin;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random step")
    long seed;

    @Option(names = "--gain-model", defaultValue = "ols", paramLabel = "MODEL",
            description = "Model of the per-query gain behind the conformal intervals: ols or gbm (the router's monotone teacher)")
    String gainModel;

    @Option(names = "--no-router", description = "Do not refresh the distilled router (router.json)")
    boolean noRouter;

    @Option(names = "--force-router", description = "Write router.json even when the router fails its no-regret gate")
    boolean forceRouter;

    @Option(names = "--allow-too-few-points", description = "Let the cycle pass when a coverage slice has too few calibration points"
            + " to be checked (it is still reported as a warning)")
    boolean allowTooFewPoints;

    @Option(names = "--no-figures", description = "Publish without the PNG figures (coverage per slice, the audit's bootstrap"
            + " distribution and per-topic deltas) that report.md links from figures/")
    boolean noFigures;

    @Option(names = "--json", description = "Print the outcome and every number as JSON")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        AssayConfig settings = config.load(ctx); // before the cycle, so a broken --config is reported before any work
        SustainConfig defaults = SustainConfig.defaults(budgetMs, seed);
        CoverageBand band = new CoverageBand(coverage, CoverageBand.of(coverage).halfWidth(), bandProbability);
        SustainConfig cfg = new SustainConfig(measure, k, budgetMs, costMs, band,
                new ConformalCoverage.Split(trainFraction, calibrationFraction), alpha, margin, defaults.resamples(),
                defaults.permutations(), defaults.bandShare(), seed,
                allowTooFewPoints ? SustainConfig.TooFewPoints.WARN : SustainConfig.TooFewPoints.INCONCLUSIVE,
                forceRouter ? SustainConfig.FailedRouter.PUBLISH : SustainConfig.FailedRouter.WITHHOLD);
        Optional<PreviousGating> prev = previous == null ? Optional.empty() : Optional.of(SustainArtifacts.readPrevious(previous));
        SustainInputs inputs = SustainInputs.load(qrelsFile, production, candidate);
        GainModel.Trainer trainer = switch (gainModel) {
            case "ols" -> GainModel.ols();
            case "gbm" -> GainModel.gbm(new int[] {-1, -1}, MonotoneGbm.Params.defaults(seed));
            default -> throw new InvalidInputException("--gain-model must be ols or gbm, but was '" + gainModel + "'");
        };
        Optional<Distillation.Config> router = noRouter ? Optional.empty() : Optional.of(Distillation.Config.defaults(budgetMs, seed));
        SustainCycle.Result result = SustainCycle.run(inputs, cfg, prev, trainer, router, ctx.clock(), progress.progress(ctx));
        PrintWriter o = ctx.out();
        PrintWriter err = ctx.err();
        return switch (result) {
            case SustainCycle.Inconclusive inc -> {
                o.println("INCONCLUSIVE  " + inc.reason() + "; no artifacts written");
                o.flush();
                yield ExitCodes.INCONCLUSIVE;
            }
            case SustainCycle.Completed done -> {
                SustainReport r = done.report();
                SustainArtifacts.Published published;
                try (CoreServices core = CoreServices.open(settings, ctx.clock())) {
                    published = SustainArtifacts.publish(out, r, SustainRecorder.ledger(core.ledger(),
                            "sustain/" + r.production() + "/" + r.candidate()), ReportFigures.renderer(noFigures));
                }
                if (json) o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(SustainArtifacts.summary(r, published)));
                else print(o, r, published);
                o.flush();
                for (String w : r.warnings()) err.println("assay: warning: " + w);
                err.flush();
                yield switch (r.outcome()) {
                    case PASS -> ExitCodes.OK;
                    case FAIL -> ExitCodes.CHECK_FAILED;
                    case INCONCLUSIVE -> ExitCodes.INCONCLUSIVE;
                };
            }
        };
    }

    private static void print(PrintWriter o, SustainReport r, SustainArtifacts.Published p) {
        var s = r.gating().solution();
        var a = r.audit();
        var c = a.confounding();
        o.println(r.outcome() + "  sustainment of " + r.candidate() + " (upshift) over " + r.production() + " (first stage), "
                + r.topics() + " topics: " + r.outcomeReason());
        o.printf(Locale.ROOT, "audit %s: %s%n", a.verdict(), a.release().guards().get(0).detail());
        o.printf(Locale.ROOT, "confounding: %d upshifted; naive %+.4f, stratified %+.4f (p %.4f), replay %+.4f; ESS/N %.3f, weight CV %.3f,"
                        + " %d of %d units in strata with both arms%n",
                a.treated(), c.naiveEffect(), c.stratifiedEffect(), c.pValue(), a.replayEffect(), c.essRatio(), c.weightCv(),
                c.usableUnits(), r.topics());
        o.println("coverage (" + r.coverage().model() + ", nominal " + r.coverage().band().nominal() + ", band ["
                + String.format(Locale.ROOT, "%.2f, %.2f", r.coverage().band().lower(), r.coverage().band().upper())
                + "], n_cal >= " + r.coverage().minimumCalibration() + " needed):");
        for (SliceCoverage sc : r.coverage().slices())
            o.printf(Locale.ROOT, "  %-16s n_cal %4d  n_test %4d  half-width %.4f  coverage %.4f  %s%n", sc.slice(), sc.calibration(),
                    sc.test(), sc.halfWidth(), sc.coverage(), sc.status());
        o.printf(Locale.ROOT, "gating: theta* %.4f, lambda %.6f, mean gain %+.4f (exact %+.4f), mean cost %.2f ms, upshift rate %.3f%n",
                s.theta(), s.lambda(), s.meanGain(), s.exactGain(), s.meanCost(), s.upshiftRate());
        r.drift().ifPresent(d -> o.printf(Locale.ROOT, "drift: theta %+.4f, gain %+.4f; previous theta on current data: gain %+.4f,"
                        + " cost %.2f ms (%s the budget)%n", d.thetaDrift(), d.gainChange(), d.previousThetaGain(), d.previousThetaCost(),
                d.previousThetaMeetsBudget() ? "meets" : "exceeds"));
        r.router().ifPresent(d -> o.printf(Locale.ROOT, "router: teacher %+.4f, INT8 %+.4f out of fold; no regret %s (mean %+.5f,"
                        + " lower bound %+.5f, margin -%.5f), agreement %.3f; monotonicity %s%n",
                d.outcome(Distillation.Policy.TEACHER).meanGain(), d.outcome(Distillation.Policy.INT8).meanGain(), d.verdict(), d.noRegret().estimate(), d.noRegret().lower(),
                d.config().margin(), d.agreement(),
                d.teacherViolation() == null && d.pwlViolation() == null && d.int8Violation() == null ? "ok" : "VIOLATED"));
        o.println("artifacts: " + p.dir() + " (manifest SHA-256 " + p.manifestSha256() + ")"
                + (r.router().isPresent() && !r.publishesRouter() ? "; router.json withheld (gate failed)" : ""));
        o.println(p.entry().map(e -> "recorded as ledger entry " + e.seq()).orElse("ledger: not recorded"));
    }
}
