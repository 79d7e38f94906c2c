package dev.assay.cli.rank;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.ranking.metrics.EvalOptions;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.metrics.RunScores;
import dev.assay.ranking.metrics.TopicScope;
import dev.assay.ranking.metrics.TrecEval;
import dev.assay.ranking.trec.RelFormat;
import dev.assay.ranking.trec.RelInfo;
import dev.assay.ranking.trec.ZScores;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code assay rank eval [-q] [-c] [-J] [-l LEVEL] [-M N] [-N N] [-m MEASURE ...] QRELS RUN [RUN ...]}:
 * trec_eval v10's measures, options and line format: for one run, the output is byte for byte
 * trec_eval's; with several runs, each block is trec_eval's for that run, led by a {@code runid all TAG}
 * line when the measures do not print the run id themselves. Runs are parsed in parallel; output follows argument
 * order. A run sharing no topic with the qrels is NO_DATA (exit 2).
 */
@Command(name = "eval", description = "Evaluate TREC runs (plain or gzip) exactly as trec_eval v10 does: every measure of its"
        + " table (map, gm_map, Rprec, bpref, P, recall, ndcg, ndcg_cut, infAP, iprec_at_recall, success, set_*, rbp, prefs_*, ...),"
        + " its nicknames (official, all_trec, set, prefs, qrels_jg) and its options; several runs in one call.",
        footer = {ExitCodes.EXAMPLE,
                "  assay rank eval -m ndcg_cut.10 -m map -m P.10 qrels.txt run1.txt run2.txt.gz",
                "  assay rank eval -q -m all_trec qrels.txt run.txt",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   bad usage or input, or NO_DATA: a run shares no topic with the qrels",
                ExitCodes.HELP_INTERNAL})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "-q", description = "Also print per-topic values (topics in trec_eval order)")
    boolean perTopic;

    @Option(names = "-c", description = "Average over all qrels topics; a topic missing from a run is evaluated as retrieving nothing judged")
    boolean allQrelsTopics;

    @Option(names = "-l", paramLabel = "LEVEL", defaultValue = "1",
            description = "Lowest judgment counted relevant; nDCG uses the levels as gains")
    int relevanceLevel;

    @Option(names = "-J", description = "Judged documents only: drop retrieved documents the qrels do not judge before measuring")
    boolean judgedOnly;

    @Option(names = "-M", paramLabel = "N", description = "Evaluate only the first N documents of each topic (default: all)")
    Long maxRetrieved;

    @Option(names = "-N", paramLabel = "N", defaultValue = "0",
            description = "Number of documents in the collection, for the measures that use it (0: unknown)")
    long numDocsInCollection;

    @Option(names = "-R", paramLabel = "FORMAT", defaultValue = "qrels",
            description = "Format of the relevance file: qrels, qrels_jg (judgment groups), prefs (preferences),"
                    + " qrels_prefs (qrels read as preferences); the prefs measures need one of the last two")
    String relFormat;

    @Option(names = "-Z", paramLabel = "FILE",
            description = "Z-scores file (topic measure mean stddev): print each value as its z-score, lines prefixed with Z")
    Path zscoresFile;

    @Option(names = "-m", paramLabel = "MEASURE",
            description = "trec_eval measure, family or nickname, repeatable (without -m: official): map, P.10, P.5,10, ndcg,"
                    + " ndcg.1=3,2=9 (gains), ndcg_cut.10, recall.100, Rprec, bpref, utility.1,-1,0,0, all_trec, set, ...")
    List<String> measures;

    @Parameters(index = "0", paramLabel = "QRELS", description = "relevance file: qrels (topic iter docno rel) or as -R says")
    Path qrelsFile;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "RUN", description = "run files: topic Q0 docno rank score runid")
    List<Path> runFiles;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        if (relevanceLevel < 0) {
            throw new InvalidInputException("-l must be >= 0, but was " + relevanceLevel);
        }
        if (maxRetrieved != null && maxRetrieved <= 0) {
            throw new InvalidInputException("-M must be positive, but was " + maxRetrieved);
        }
        if (numDocsInCollection < 0) {
            throw new InvalidInputException("-N must be >= 0, but was " + numDocsInCollection);
        }
        List<Measure> parsed = Measures.parseAll(measures == null || measures.isEmpty() ? List.of("official") : measures);
        RelFormat format = RelFormat.of(relFormat);
        EvalOptions options = new EvalOptions(relevanceLevel, allQrelsTopics ? TopicScope.ALL_QRELS : TopicScope.COMMON, judgedOnly,
                maxRetrieved == null ? Long.MAX_VALUE : maxRetrieved, numDocsInCollection);
        if (zscoresFile != null) {
            options = options.withZScores(ZScores.read(zscoresFile));
        }
        EvalOptions chosen = options;
        RelInfo qrels = RelInfo.read(qrelsFile, format);
        Object[] results = IntStream.range(0, runFiles.size()).parallel().mapToObj(i -> {
            try {
                return (Object) TrecEval.evaluate(qrels, runFiles.get(i), parsed, chosen);
            } catch (InvalidInputException e) {
                return e;
            }
        }).toArray();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < results.length; i++) {
            if (results[i] instanceof InvalidInputException e) {
                throw e;
            }
            RunScores e = (RunScores) results[i];
            if (!e.hasData()) {
                throw new InvalidInputException("NO_DATA: run " + runFiles.get(i) + " (" + e.runId()
                        + ") has no topic in common with qrels " + qrelsFile);
            }
            if (results.length > 1) {
                out.append(e.runIdSeparator());
            }
            out.append(e.trecEvalText(perTopic));
        }
        ctx.out().print(out);
        ctx.out().flush();
        return ExitCodes.OK;
    }
}
