package dev.assay.bench.ranking;

import dev.assay.ranking.metrics.EvalOptions;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.metrics.RunScores;
import dev.assay.ranking.metrics.TrecEval;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * trec_eval's job in-process: read the Robust03 qrels and the 11 gzip runs from disk (page cache),
 * parse, rank and evaluate nDCG, nDCG@10 and MAP, on one thread. Baseline: trec_eval run once per
 * file (its users' way) takes about 2.3 s wall for the 11 runs on this machine (the figure;
 * trec_eval is not installed here). Queries/s = 11 runs x 100 topics / time per op; MB/s = the
 * uncompressed run text (43.9 MB) / time per op. {@code textBytes} and {@code queries} are reported
 * per iteration as auxiliary counters (divide by the op count; per op they are 43.9 MB and 1,100 queries).
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java -jar assay-bench/target/benchmarks.jar TrecEvalBenchmark -p data=../shared/data}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TrecEvalBenchmark {
    /** Where {@code ranking/robust03} lives. */
    @Param("../shared/data")
    public String data;

    private Path qrelsFile;
    private List<Path> runFiles;
    private List<Measure> measures;

    /** Bytes of run text and topics evaluated, per operation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Volume {
        public long textBytes;
        public long queries;

        @Setup(Level.Iteration)
        public void reset() {
            textBytes = 0;
            queries = 0;
        }
    }

    @Setup
    public void setUp() throws IOException {
        Path dir = Path.of(data).resolve("ranking/robust03");
        qrelsFile = dir.resolve("robust03_qrels.txt");
        try (Stream<Path> files = Files.list(dir.resolve("runs"))) {
            runFiles = files.sorted().toList();
        }
        if (runFiles.size() != 11) {
            throw new IllegalStateException("expected 11 Robust03 runs under " + dir + ", found " + runFiles.size());
        }
        measures = Measures.parseAll(List.of("ndcg", "ndcg_cut.10", "map"));
    }

    /** The whole job for all 11 runs: parse qrels and runs, evaluate three measures. */
    @Benchmark
    public double elevenRunsParsedAndEvaluated(Volume volume) {
        Qrels qrels = Qrels.read(qrelsFile);
        double sink = 0;
        for (Path p : runFiles) {
            Run run = Run.read(p);
            RunScores e = TrecEval.evaluate(qrels, run, measures, EvalOptions.defaults());
            sink += e.mean(measures.getFirst()).orElseThrow();
            volume.textBytes += run.textBytes();
            volume.queries += e.topics().size();
        }
        return sink;
    }

    /** The floor of the one-thread job: only reading and gunzipping the 11 runs, as {@code Run.read} does before parsing. */
    @Benchmark
    public long elevenRunsGunzipOnly(Volume volume) throws IOException {
        long bytes = 0;
        for (Path p : runFiles) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(p)), 1 << 16)) {
                bytes += in.readAllBytes().length;
            }
        }
        volume.textBytes += bytes;
        return bytes;
    }

    /** The same job with the runs parsed and evaluated in parallel (as {@code assay rank eval} does), both cores. */
    @Benchmark
    public double elevenRunsParallel(Volume volume) {
        Qrels qrels = Qrels.read(qrelsFile);
        List<RunScores> all = runFiles.parallelStream()
                .map(p -> TrecEval.evaluate(qrels, Run.read(p), measures, EvalOptions.defaults())).toList();
        double sink = 0;
        for (RunScores e : all) {
            sink += e.mean(measures.getFirst()).orElseThrow();
            volume.queries += e.topics().size();
        }
        return sink;
    }
}
