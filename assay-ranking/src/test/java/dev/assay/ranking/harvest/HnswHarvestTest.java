package dev.assay.ranking.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.RecordingProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswHarvestTest {

    /** Seeded clustered unit vectors: a corpus where HNSW has to work to find the true neighbours. */
    static Vectors clustered(int docs, int queries, int dim, long seed) {
        var random = new SplittableRandom(seed);
        float[][] centres = new float[20][];
        for (int c = 0; c < centres.length; c++) centres[c] = unit(gaussian(random, dim, 1.0));
        float[][] d = new float[docs][];
        float[][] q = new float[queries][];
        for (int i = 0; i < docs; i++) d[i] = near(random, centres[random.nextInt(centres.length)], 0.35);
        for (int i = 0; i < queries; i++) q[i] = near(random, centres[random.nextInt(centres.length)], 0.35);
        return new Vectors("clustered", d, q, dim, "seeded gaussian clusters");
    }

    private static float[] near(SplittableRandom random, float[] centre, double spread) {
        float[] noise = gaussian(random, centre.length, spread);
        for (int i = 0; i < noise.length; i++) noise[i] += centre[i];
        return unit(noise);
    }

    private static float[] gaussian(SplittableRandom random, int dim, double sd) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            v[i] = (float) (sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        float n = (float) Math.sqrt(s);
        for (int i = 0; i < v.length; i++) v[i] /= n;
        return v;
    }

    @Test
    void shouldAgreeWithExactSearchWhenEfCoversTheCorpus(@TempDir Path dir) {
        Vectors vectors = clustered(300, 30, 24, 7);
        var grid = new HarvestGrid(List.of(300), List.of(10, 20), 0, HnswParams.luceneDefaults());
        HarvestResult result = LatencyHarvest.of(grid, System::nanoTime).run(vectors, dir);
        assertThat(result.points()).hasSize(4);
        for (HarvestPoint p : result.points()) {
            assertThat(p.recall()).as("recall at %s", p.config()).isEqualTo(1.0);
            assertThat(p.jaccard10()).as("Jaccard@10 at %s", p.config()).isEqualTo(1.0);
        }
    }

    @Test
    void shouldHaveRecallNonDecreasingInEfOnAFixedCorpus(@TempDir Path dir) {
        Vectors vectors = clustered(3000, 60, 32, 11);
        var grid = new HarvestGrid(List.of(10, 20, 40, 80, 160), List.of(10), 1, new HnswParams(4, 10));
        HarvestResult result = LatencyHarvest.of(grid, System::nanoTime).run(vectors, dir);
        List<HarvestPoint> warm = result.points(Phase.WARM);
        assertThat(warm).hasSize(5);
        for (int i = 1; i < warm.size(); i++) {
            assertThat(warm.get(i).recall()).as("recall at ef %d", warm.get(i).config().ef())
                    .isGreaterThanOrEqualTo(warm.get(i - 1).recall());
        }
        assertThat(warm.get(0).recall()).as("a sparse graph at ef = k misses neighbours").isLessThan(1.0);
    }

    @Test
    void shouldGiveTheSameQualityColdAndWarmAndOnRebuild(@TempDir Path a, @TempDir Path b) {
        Vectors vectors = clustered(800, 20, 16, 3);
        var grid = new HarvestGrid(List.of(10, 40), List.of(10), 1, new HnswParams(6, 20));
        HarvestResult first = LatencyHarvest.of(grid, System::nanoTime).run(vectors, a);
        HarvestResult second = LatencyHarvest.of(grid, System::nanoTime).run(vectors, b);
        for (int i = 0; i < first.points().size(); i++) {
            assertThat(second.points().get(i).recall()).isEqualTo(first.points().get(i).recall());
            assertThat(second.points().get(i).jaccard10()).isEqualTo(first.points().get(i).jaccard10());
        }
        List<HarvestPoint> cold = first.points(Phase.COLD);
        List<HarvestPoint> warm = first.points(Phase.WARM);
        for (int i = 0; i < cold.size(); i++) assertThat(warm.get(i).recall()).isEqualTo(cold.get(i).recall());
    }

    @Test
    void progress_reportsEachPhaseInOrder_andLeavesTheQualityAsItIs(@TempDir Path a, @TempDir Path b) {
        Vectors vectors = clustered(3000, 40, 16, 9);
        var grid = new HarvestGrid(List.of(10, 40), List.of(10, 20), 1, new HnswParams(6, 20));
        RecordingProgress progress = new RecordingProgress();
        HarvestResult with = LatencyHarvest.of(grid, System::nanoTime).run(vectors, a, progress);
        HarvestResult without = LatencyHarvest.of(grid, System::nanoTime).run(vectors, b);
        assertThat(with.points()).extracting(HarvestPoint::recall).containsExactlyElementsOf(
                without.points().stream().map(HarvestPoint::recall).toList());
        assertThat(with.points()).extracting(HarvestPoint::jaccard10).containsExactlyElementsOf(
                without.points().stream().map(HarvestPoint::jaccard10).toList());
        assertThat(progress.tasks()).extracting(RecordingProgress.Recorded::total).containsExactly(
                (long) vectors.queries().length, (long) vectors.documents().length,
                (long) LatencyHarvest.JIT_WARMUP_PASSES_PER_WARMUP, (long) grid.configs().size());
        assertThat(progress.tasks()).allSatisfy(t -> {
            assertThat(t.stepped()).as(t.name()).isEqualTo(t.total());
            assertThat(t.closed()).isTrue();
        });
    }

    @Test
    void shouldReturnExactNeighboursByDotProductWithStableTies() {
        float[][] docs = {{1, 0}, {0, 1}, {0.6f, 0.8f}, {1, 0}};
        var exact = new ExactSearch(docs);
        assertThat(exact.topK(new float[] {1, 0}, 3)).containsExactly(0, 3, 2);
        assertThat(exact.topK(new float[] {0, 1}, 2)).containsExactly(1, 2);
        assertThat(exact.topK(new float[] {0, 1}, 10)).hasSize(4);
    }

    @Test
    void shouldComputeRecallAndJaccardAsDefined() {
        assertThat(LatencyHarvest.recallAtK(new int[] {1, 2, 3, 9}, new int[] {1, 2, 3, 4}, 4)).isEqualTo(0.75);
        assertThat(LatencyHarvest.jaccard(new int[] {1, 2, 3, 9}, new int[] {1, 2, 3, 4})).isEqualTo(3.0 / 5.0);
        assertThat(LatencyHarvest.jaccard(new int[] {}, new int[] {})).isEqualTo(1.0);
    }
}
