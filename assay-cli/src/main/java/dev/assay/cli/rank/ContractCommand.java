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
import dev.assay.core.contract.Verdict;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.ranking.release.GuardResult;
import dev.assay.ranking.release.ReleaseContract;
import dev.assay.ranking.release.ReleaseEvaluation;
import dev.assay.ranking.release.ReleaseRecords;
import dev.assay.ranking.release.ReleaseReport;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code assay rank contract QRELS --production RUN --candidate RUN}: the release verdict of a
 * candidate ranker against the current production ranker. Without {@code --contract} the one
 * quality guard is: the one-sided lower confidence bound, at level alpha, of the mean paired
 * per-topic delta of {@code --measure} must be at least {@code -margin}. Exit 0 PASS, 1 FAIL,
 * 3 INCONCLUSIVE (too little evidence, or no common topics), 2 bad usage or input. The evaluation
 * itself is {@link ReleaseEvaluation}, the same as {@code POST /api/v1/ranking/contract/evaluate}.
 */
@Command(name = "contract", description = "Release verdict of a candidate run against the production run (exit 0 PASS, 1 FAIL, 3 INCONCLUSIVE).",
        footer = {ExitCodes.EXAMPLE,
                "  assay rank contract qrels.txt --production prod.run --candidate cand.run \\",
                "      --margin 0.01 --model ranker --promote v2 --report release.md",
                ExitCodes.HELP,
                "  0   PASS (and --promote done)",
                "  1   FAIL: a guard failed",
                ExitCodes.HELP_USAGE,
                "  3   INCONCLUSIVE: too little evidence, or NO_DATA: no common topics",
                ExitCodes.HELP_INTERNAL})
public final class ContractCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QRELS")
    Path qrelsFile;

    @Option(names = "--production", required = true, paramLabel = "RUN", description = "The run of the ranker in production")
    Path productionFile;

    @Option(names = "--candidate", required = true, paramLabel = "RUN", description = "The run of the candidate ranker")
    Path candidateFile;

    @Option(names = "--measure", paramLabel = "MEASURE", defaultValue = ReleaseContract.DEFAULT_MEASURE,
            description = "trec_eval measure")
    String measure;

    @Option(names = "--alpha", defaultValue = "" + ReleaseContract.DEFAULT_ALPHA, description = "One-sided level")
    double alpha;

    @Option(names = "--margin", defaultValue = "" + ReleaseContract.DEFAULT_MARGIN,
            description = "Non-inferiority margin in the measure's units")
    double margin;

    @Option(names = "--resamples", defaultValue = "" + ReleaseContract.DEFAULT_RESAMPLES,
            description = "Bootstrap / randomization resamples")
    int resamples;

    @Option(names = "--seed", defaultValue = "" + ReleaseContract.DEFAULT_SEED, description = "Seed of the resampling")
    long seed;

    @Option(names = "--method", defaultValue = ReleaseContract.DEFAULT_METHOD, paramLabel = "METHOD",
            description = "bootstrap_bca, bootstrap_percentile or randomization")
    String method;

    @Option(names = "--contract", paramLabel = "FILE", description = "A contract file (YAML/JSON) with several guards; replaces the options above")
    Path contractFile;

    @Option(names = "--candidate-latencies", paramLabel = "FILE", description = "The candidate's latencies in ms, one per line")
    Path latencyFile;

    @Option(names = "--json", description = "Print the report as JSON")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.md", description = "Also write the Markdown report here, with PNG figures"
            + " (each quality guard's bootstrap distribution and per-topic deltas) in FILE-figures/ beside it")
    Path reportFile;

    @Option(names = "--no-figures", description = "Write the --report without figures")
    boolean noFigures;

    @Option(names = "--model", paramLabel = "MODEL", description = "Record the decision in the ledger under this registered model")
    String model;

    @Option(names = "--promote", paramLabel = "VERSION",
            description = "On PASS, promote this candidate version of --model through the registry")
    String promoteVersion;

    @Mixin
    ProgressOptions progress;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        AssayConfig settings = config.load(ctx); // read even when not recording, so a broken --config is reported
        if (promoteVersion != null && model == null) throw new InvalidInputException("--promote needs --model");
        ReleaseContract contract = contractFile != null
                ? ReleaseContract.read(contractFile)
                : ReleaseEvaluation.quickContract(measure, method, alpha, margin, resamples, seed, "--");
        if (model == null) return report(ctx, evaluate(ctx, contract), null);
        try (CoreServices core = CoreServices.open(settings, ctx.clock())) {
            ReleaseRecords.requireRegistered(core.registry(), model);
            return report(ctx, evaluate(ctx, contract), core);
        }
    }

    private ReleaseReport evaluate(CliContext ctx, ReleaseContract contract) throws IOException {
        Qrels qrels = Qrels.read(qrelsFile);
        Run production = Run.read(productionFile);
        Run candidate = Run.read(candidateFile);
        return ReleaseEvaluation.create(ctx.clock(), new CompositeMeterRegistry(), ReleaseEvaluation.Source.CLI)
                .evaluate(qrels, production, candidate, contract, latencies(),
                        productionFile.getFileName().toString(), candidateFile.getFileName().toString(), progress.progress(ctx));
    }

    /** Prints (and with --model records, with --promote promotes) the report; the exit code of its verdict. */
    private int report(CliContext ctx, ReleaseReport report, CoreServices core) throws IOException {
        String prodName = report.production();
        String candName = report.candidate();

        if (reportFile != null) {
            ReportFigures figures = ReportFigures.write(reportFile, report.figures(), ReportFigures.renderer(noFigures));
            Files.writeString(reportFile, report.markdown(figures.written(), figures.dir()));
        }
        PrintWriter out = ctx.out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(ReleaseRecords.toJson(report)));
        } else {
            out.println(report.verdict() + "  " + report.contract() + ": candidate " + candName + " vs production " + prodName);
            for (GuardResult g : report.guards()) {
                out.printf(Locale.ROOT, "  %-14s %-12s %-12s %s%n", g.name(), g.guard().type(), g.verdict(), g.detail());
                if (g instanceof GuardResult.Quality q)
                    out.printf(Locale.ROOT, "  %-14s mean delta %+.4f, one-sided lower bound %+.4f at level %.4f, one-sided sign-flip p %.4f (Holm %.4f), %d topics%n",
                            "", q.estimate(), q.lower(), q.level(), q.pValue(), q.adjustedPValue(), q.samples());
            }
        }
        if (core != null) {
            LedgerEntry entry = ReleaseRecords.record(core.ledger(), core.registry(), model, report);
            out.println("recorded as ledger entry " + entry.seq());
            if (promoteVersion != null && report.verdict() == Verdict.PASS) {
                core.registry().promote(model, promoteVersion, "release contract " + report.contract()
                        + " passed (ledger entry " + entry.seq() + ")");
                out.println("promoted " + model + "/" + promoteVersion);
            }
        }
        out.flush();
        return switch (report.verdict()) {
            case PASS -> ExitCodes.OK;
            case FAIL -> ExitCodes.CHECK_FAILED;
            case INCONCLUSIVE, NO_DATA -> ExitCodes.INCONCLUSIVE;
        };
    }

    private double[] latencies() throws IOException {
        if (latencyFile == null) return new double[0];
        List<String> lines;
        try {
            lines = Files.readAllLines(latencyFile);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("latency file not found: " + latencyFile);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(latencyFile + ": not UTF-8 text; expected one latency in ms per line");
        }
        double[] out = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            try {
                out[n] = Double.parseDouble(l);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(latencyFile + ":" + (i + 1) + ": not a number: " + l);
            }
            ReleaseEvaluation.requireLatency(out[n], latencyFile + ":" + (i + 1) + ": latency");
            n++;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
