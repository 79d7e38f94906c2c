package dev.assay.ranking.harvest;

import dev.assay.core.progress.Progress;
import dev.assay.core.stats.PercentileRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.lucene.search.TopDocs;

/**
 * Runs the harvest grid: builds one HNSW index, then for every (ef, k) opens a fresh searcher, measures
 * a cold pass over all queries, runs the warm-up passes and measures a warm pass. Before the grid, a
 * throw-away reader runs every ef over all queries to compile the search path (JIT). Quality is recall@k
 * and Jaccard@10 against exact (brute-force) search; latency is the wall time of the Lucene search call.
 */
public final class LatencyHarvest {
    /** Passes over every (ef, query) on a throw-away reader before the grid, per configured warm-up pass. */
    static final int JIT_WARMUP_PASSES_PER_WARMUP = 5;

    private final HarvestGrid grid;
    private final LongSupplier nanoTime;

    private LatencyHarvest(HarvestGrid grid, LongSupplier nanoTime) {
        this.grid = grid;
        this.nanoTime = nanoTime;
    }

    /** A harvest over {@code grid} timed by {@code nanoTime} (normally {@code System::nanoTime}). */
    public static LatencyHarvest of(HarvestGrid grid, LongSupplier nanoTime) {
        return new LatencyHarvest(Objects.requireNonNull(grid, "grid"), Objects.requireNonNull(nanoTime, "nanoTime"));
    }

    /** Measures every configuration of the grid on {@code vectors}, building the index under {@code workDir}. */
    public HarvestResult run(Vectors vectors, Path workDir) {
        return run(vectors, workDir, Progress.none());
    }

    /**
     * As {@link #run(Vectors, Path)}, reporting each phase (exact search, index build, JIT warm-up, the grid's
     * configurations) as a task of {@code progress}; steps fall outside the timed search calls.
     */
    public HarvestResult run(Vectors vectors, Path workDir, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        int maxK = grid.ks().get(grid.ks().size() - 1);
        var exact = new ExactSearch(vectors.documents());
        int[][] truth = new int[vectors.queries().length][];
        try (Progress.Task task = progress.start("exact search (queries)", truth.length)) {
            for (int q = 0; q < truth.length; q++) {
                truth[q] = exact.topK(vectors.queries()[q], maxK);
                task.step(1);
            }
        }

        List<HarvestPoint> points = new ArrayList<>();
        long buildNanos;
        HnswIndex built;
        try (Progress.Task task = progress.start("HNSW index build (documents)", vectors.documents().length)) {
            long start = nanoTime.getAsLong();
            built = HnswIndex.build(workDir, vectors.documents(), grid.hnsw(), task);
            buildNanos = nanoTime.getAsLong() - start;
        }
        try (HnswIndex index = built) {
            // JIT warm-up on a reader of its own, over every ef, so that "cold" means a cold reader and not
            // also a cold JVM, and the first rows of the grid are not slower just for running first.
            int passes = JIT_WARMUP_PASSES_PER_WARMUP * Math.max(1, grid.warmupPasses());
            try (var searcher = index.openSearcher(); Progress.Task task = progress.start("JIT warm-up (passes)", passes)) {
                for (int pass = 0; pass < passes; pass++) {
                    for (int ef : grid.efs()) for (float[] q : vectors.queries()) searcher.search(q, ef);
                    task.step(1);
                }
            }
            try (Progress.Task task = progress.start("ef x k grid (configurations)", grid.configs().size())) {
                for (HarvestGrid.Config config : grid.configs()) {
                    try (var searcher = index.openSearcher()) {
                        points.add(pass(searcher, vectors, truth, config, Phase.COLD));
                        for (int i = 0; i < grid.warmupPasses(); i++) {
                            for (float[] q : vectors.queries()) searcher.search(q, config.ef());
                        }
                        points.add(pass(searcher, vectors, truth, config, Phase.WARM));
                    }
                    task.step(1);
                }
            }
            return new HarvestResult(vectors.corpus(), vectors.documents().length, vectors.queries().length,
                    vectors.dimension(), vectors.model(), grid, buildNanos / 1_000_000L, points);
        }
    }

    private HarvestPoint pass(HnswIndex.Searcher searcher, Vectors vectors, int[][] truth,
                              HarvestGrid.Config config, Phase phase) {
        var latency = PercentileRecorder.create();
        double recallSum = 0;
        double jaccardSum = 0;
        float[][] queries = vectors.queries();
        for (int q = 0; q < queries.length; q++) {
            long t0 = nanoTime.getAsLong();
            TopDocs hits = searcher.search(queries[q], config.ef());
            long elapsed = nanoTime.getAsLong() - t0;
            latency.record(Math.max(0, elapsed));
            int[] found = searcher.ordinals(hits, config.k());
            recallSum += recallAtK(found, truth[q], config.k());
            jaccardSum += jaccard(prefix(found, HarvestGrid.JACCARD_DEPTH), prefix(truth[q], HarvestGrid.JACCARD_DEPTH));
        }
        var s = latency.summary();
        return new HarvestPoint(config, phase, recallSum / queries.length, jaccardSum / queries.length,
                s.p50() / 1000.0, s.p95() / 1000.0, queries.length);
    }

    /** |found ∩ exact top k| / min(k, |exact|): the share of the true k nearest that were returned. */
    static double recallAtK(int[] found, int[] exact, int k) {
        int depth = Math.min(k, exact.length);
        if (depth == 0) return 1.0;
        int hit = 0;
        for (int i = 0; i < depth; i++) {
            for (int j = 0; j < Math.min(k, found.length); j++) {
                if (found[j] == exact[i]) {
                    hit++;
                    break;
                }
            }
        }
        return (double) hit / depth;
    }

    /** |A ∩ B| / |A ∪ B| of two lists of distinct ordinals; 1 when both are empty. */
    static double jaccard(int[] a, int[] b) {
        int inter = 0;
        for (int x : a) {
            for (int y : b) {
                if (x == y) {
                    inter++;
                    break;
                }
            }
        }
        int union = a.length + b.length - inter;
        return union == 0 ? 1.0 : (double) inter / union;
    }

    private static int[] prefix(int[] a, int n) {
        return a.length <= n ? a : java.util.Arrays.copyOf(a, n);
    }
}
