package dev.assay.bench.harvest;

import dev.assay.models.embed.EmbeddingModel;
import dev.assay.ranking.harvest.HarvestCorpus;
import dev.assay.ranking.harvest.HnswIndex;
import dev.assay.ranking.harvest.HnswParams;
import dev.assay.ranking.harvest.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm single-thread HNSW search throughput (queries/s) of the latency harvest's Lucene index over real
 * MiniLM embeddings of the R-Judge passages, per ef, top 10. Setup embeds the corpus once per fork.
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java --enable-native-access=ALL-UNNAMED
 * --add-modules jdk.incubator.vector -jar assay-bench/target/benchmarks.jar HnswSearchBenchmark -p data=../shared/data}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class HnswSearchBenchmark {
    @Param("../shared/data")
    public String data;

    @Param({"10", "20", "40", "80", "160"})
    public int ef;

    private Path dir;
    private HnswIndex index;
    private HnswIndex.Searcher searcher;
    private float[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        var split = HarvestCorpus.rjudge(Path.of(data, "guard", "rjudge.json")).split(200, 100_000, 20261122L);
        Vectors vectors = Vectors.embed(split, EmbeddingModel.miniLmL6V2Quantized());
        queries = vectors.queries();
        dir = Files.createTempDirectory("assay-hnsw-bench");
        index = HnswIndex.build(dir, vectors.documents(), HnswParams.luceneDefaults());
        searcher = index.openSearcher();
    }

    @Benchmark
    public int[] searchTop10() {
        float[] q = queries[next];
        next = next + 1 == queries.length ? 0 : next + 1;
        return searcher.search(q, ef, 10);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        searcher.close();
        index.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
