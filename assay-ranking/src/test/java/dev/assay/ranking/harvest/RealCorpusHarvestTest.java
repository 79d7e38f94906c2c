package dev.assay.ranking.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.models.embed.EmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harvest on real MiniLM embeddings of the R-Judge passages (shared data; skipped outside CI when absent). */
class RealCorpusHarvestTest {

    @Test
    void shouldHarvestRealEmbeddingsOfRjudgePassages(@TempDir Path dir) {
        Path data = TestEnvironment.sharedData();
        HarvestCorpus corpus = HarvestCorpus.rjudge(data.resolve("guard/rjudge.json"));
        assertThat(corpus.passages().size()).isGreaterThan(1500);
        var split = corpus.split(40, 500, 20261122L);
        Vectors vectors = Vectors.embed(split, EmbeddingModel.miniLmL6V2Quantized());
        assertThat(vectors.dimension()).isEqualTo(384);

        var grid = new HarvestGrid(List.of(10, 40, 160), List.of(10), 1, HnswParams.luceneDefaults());
        HarvestResult result = LatencyHarvest.of(grid, System::nanoTime).run(vectors, dir);
        List<HarvestPoint> warm = result.points(Phase.WARM);
        assertThat(warm).hasSize(3);
        assertThat(warm.get(2).recall()).isGreaterThanOrEqualTo(0.99);
        for (int i = 1; i < warm.size(); i++) {
            assertThat(warm.get(i).recall()).isGreaterThanOrEqualTo(warm.get(i - 1).recall());
        }
        assertThat(result.choose(ChoiceRule.defaults())).isInstanceOf(ChoiceRule.Choice.Chosen.class);
        assertThat(HarvestMarkdown.render(result, ChoiceRule.defaults()))
                .contains("| 160 | 10 |").contains("Chosen: ef =").contains("onnxruntime 1.20.0");
    }
}
