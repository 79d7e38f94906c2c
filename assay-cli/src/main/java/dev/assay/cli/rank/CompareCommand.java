package dev.assay.cli.rank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.report.ReportFigures;
import dev.assay.cli.ProgressOptions;
import dev.assay.ranking.compare.CompareOptions;
import dev.assay.ranking.compare.ComparisonReport;
import dev.assay.ranking.compare.RunComparison;
import dev.assay.ranking.metrics.TopicScope;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code assay rank compare QRELS RUN_A RUN_B}: run B against run A per measure (means, paired
 * delta with a BCa bootstrap interval, sign-flip p with Holm's adjustment, wins / ties / losses,
 * effect size) and their mean Jaccard@10. Descriptive, not a gate: exit 0 when compared, 3 when the
 * runs share no judged topic (NO_DATA), 2 for bad usage or input.
 */
@Command(name = "compare", description = "Compare run B with run A per measure: delta with CI, p (Holm), wins/ties/losses, effect size, Jaccard@10.",
        footer = {ExitCodes.EXAMPLE,
                "  assay rank compare -m ndcg_cut.10 -m map qrels.txt baseline.run candidate.run --report compare.md",
                ExitCodes.HELP,
                "  0   compared (descriptive, not a gate)",
                ExitCodes.HELP_USAGE,
                "  3   NO_DATA: the runs share no judged topic",
                ExitCodes.HELP_INTERNAL})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QRELS", description = "qrels file: topic iter docno rel")
    Path qrelsFile;

    @Parameters(index = "1", paramLabel = "RUN_A", description = "the baseline run")
    Path runA;

    @Parameters(index = "2", paramLabel = "RUN_B", description = "the run compared with it (deltas are B - A)")
    Path runB;

    @Option(names = "-m", paramLabel = "MEASURE", description = "trec_eval measure, repeatable (default: ndcg_cut.10, ndcg, map)")
    List<String> measures;

    @Option(names = "-c", description = "Average over all qrels topics; a topic missing from a run scores 0")
    boolean allQrelsTopics;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Two-sided level of the intervals")
    double alpha;

    @Option(names = "--resamples", defaultValue = "10000", description = "Bootstrap / randomization resamples")
    int resamples;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the resampling")
    long seed;

    @Option(names = "--json", description = "Print the comparison as JSON")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.md", description = "Also write the comparison as Markdown here, with PNG figures"
            + " (per-topic deltas per measure) in FILE-figures/ beside it")
    Path reportFile;

    @Option(names = "--no-figures", description = "Write the --report without figures")
    boolean noFigures;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        CompareOptions options = new CompareOptions(measures == null ? CompareOptions.DEFAULT_MEASURES : measures,
                allQrelsTopics ? TopicScope.ALL_QRELS : TopicScope.COMMON, alpha, resamples, seed);
        ComparisonReport report = RunComparison.compare(Qrels.read(qrelsFile), Run.read(runA), Run.read(runB), options,
                progress.progress(ctx));
        if (reportFile != null) {
            ReportFigures figures = ReportFigures.write(reportFile, report.figures(), ReportFigures.renderer(noFigures));
            Files.writeString(reportFile, report.markdown(figures.written(), figures.dir()));
        }
        PrintWriter out = ctx.out();
        if (json) out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.toJson()));
        else out.print(report.table());
        out.flush();
        return switch (report.status()) {
            case COMPARED -> ExitCodes.OK;
            case NO_DATA -> ExitCodes.INCONCLUSIVE;
        };
    }
}
