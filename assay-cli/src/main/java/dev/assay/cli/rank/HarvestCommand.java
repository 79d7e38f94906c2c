package dev.assay.cli.rank;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.report.ReportFigures;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.models.embed.EmbeddingModel;
import dev.assay.ranking.figure.Figure;
import dev.assay.ranking.harvest.ChoiceRule;
import dev.assay.ranking.harvest.HarvestCorpus;
import dev.assay.ranking.harvest.HarvestGrid;
import dev.assay.ranking.harvest.HarvestResult;
import dev.assay.ranking.harvest.HnswParams;
import dev.assay.ranking.harvest.LatencyHarvest;
import dev.assay.ranking.harvest.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay rank harvest}: embeds a real corpus with the in-process MiniLM model, builds a Lucene HNSW
 * index in a temporary directory, measures the ef x k grid cold and warm, and prints the table and the
 * configuration the choice rule picks.
 */
@Command(name = "harvest", description = "ANN latency harvest: HNSW ef/top-k grid vs exact search, Pareto frontier, choice.",
        footer = {ExitCodes.EXAMPLE,
                "  assay rank harvest --corpus rjudge --queries 200 --out harvest.md",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class HarvestCommand implements Callable<Integer> {
    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", paramLabel = "rjudge|mushroom|FILE.jsonl", defaultValue = "rjudge",
            description = "Passages: R-Judge texts, Mu-SHROOM inputs/outputs (shared data), or a JSONL file of {\"text\": ...}")
    String corpus;

    @Option(names = "--shared-data", paramLabel = "DIR",
            description = "Shared data directory (default: env ASSAY_SHARED_DATA, else ../shared/data)")
    Path sharedData;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "200", description = "Held-out passages used as queries")
    int queries;

    @Option(names = "--max-docs", paramLabel = "N", defaultValue = "100000", description = "At most this many documents indexed")
    int maxDocs;

    @Option(names = "--ef", paramLabel = "LIST", split = ",", defaultValue = "10,20,40,80,160",
            description = "HNSW candidate list sizes, ascending")
    List<Integer> efs;

    @Option(names = "--k", paramLabel = "LIST", split = ",", defaultValue = "10,20", description = "Result list lengths, each >= 10")
    List<Integer> ks;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Warm-up passes before the warm measurement")
    int warmup;

    @Option(names = "--m", paramLabel = "M", defaultValue = "16", description = "HNSW max connections")
    int maxConnections;

    @Option(names = "--ef-construction", paramLabel = "N", defaultValue = "100", description = "HNSW build beam width")
    int beamWidth;

    @Option(names = "--recall-tolerance", paramLabel = "X", defaultValue = "0.02", description = "Chosen recall >= best - X")
    double recallTolerance;

    @Option(names = "--jaccard-floor", paramLabel = "X", defaultValue = "0.75", description = "Chosen mean Jaccard@10 >= X")
    double jaccardFloor;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "20261122", description = "Seed of the query/document split")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown report here, with a PNG figure"
            + " (recall against p95 latency, Pareto frontier highlighted) in FILE-figures/ beside it")
    Path out;

    @Option(names = "--no-figures", description = "Write the --out report without figures")
    boolean noFigures;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        ChoiceRule rule = choiceRule();
        HarvestGrid grid = new HarvestGrid(efs, ks, warmup, hnswParams());
        HarvestCorpus passages = loadCorpus(ctx);
        HarvestCorpus.Split split = passages.split(queries, maxDocs, seed);
        Progress shown = progress.progress(ctx);
        long t0 = System.nanoTime();
        Vectors vectors = Vectors.embed(split, EmbeddingModel.miniLmL6V2Quantized(), shown);
        long embedMillis = (System.nanoTime() - t0) / 1_000_000L;
        Path work = Files.createTempDirectory("assay-harvest-");
        HarvestResult result;
        try {
            result = LatencyHarvest.of(grid, System::nanoTime).run(vectors, work.resolve("index"), shown);
        } finally {
            deleteTree(work);
        }
        String embedding = String.format(java.util.Locale.ROOT,
                "%nEmbedding time: %d ms for %d passages.%n", embedMillis, split.documents().size() + split.queries().size());
        ctx.out().print(result.markdown(rule) + embedding);
        ctx.out().flush();
        if (out != null) {
            ReportFigures figures = ReportFigures.write(out, result.figures(), ReportFigures.renderer(noFigures));
            Files.writeString(out, result.markdown(rule) + embedding + Figure.markdownSection(figures.written(), figures.dir()));
        }
        return ExitCodes.OK;
    }

    private ChoiceRule choiceRule() {
        return new ChoiceRule(recallTolerance, jaccardFloor);
    }

    private HnswParams hnswParams() {
        return new HnswParams(maxConnections, beamWidth);
    }

    private HarvestCorpus loadCorpus(CliContext ctx) {
        return switch (corpus) {
            case "rjudge" -> HarvestCorpus.rjudge(requireFile(dataDir(ctx).resolve("guard/rjudge.json")));
            case "mushroom" -> HarvestCorpus.mushroom(requireDir(dataDir(ctx).resolve("llm/mushroom-val")));
            default -> {
                if (!corpus.endsWith(".jsonl")) {
                    throw new InvalidInputException("--corpus must be rjudge, mushroom or a .jsonl file, but was " + corpus);
                }
                yield HarvestCorpus.jsonl(requireFile(Path.of(corpus)));
            }
        };
    }

    private Path dataDir(CliContext ctx) {
        if (sharedData != null) return sharedData;
        String env = ctx.env().get("ASSAY_SHARED_DATA");
        return Path.of(env != null && !env.isBlank() ? env : "../shared/data");
    }

    private static Path requireFile(Path p) {
        if (!Files.isRegularFile(p)) throw new InvalidInputException("corpus file not found: " + p);
        return p;
    }

    private static Path requireDir(Path p) {
        if (!Files.isDirectory(p)) throw new InvalidInputException("corpus directory not found: " + p);
        return p;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
