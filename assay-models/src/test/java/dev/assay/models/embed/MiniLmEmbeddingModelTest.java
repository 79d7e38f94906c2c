package dev.assay.models.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbeddingModelTest {
    private static EmbeddingModel model;

    @BeforeAll
    static void load() {
        model = EmbeddingModel.miniLmL6V2Quantized();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    @Test
    void shouldProduce384DimensionalUnitVectors() {
        float[] v = model.embed("The cat sat on the mat.");
        assertThat(v).hasSize(384);
        assertThat(model.dimension()).isEqualTo(384);
        assertThat(Math.sqrt(dot(v, v))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void shouldBeDeterministicAcrossCallsAndBatching() {
        float[] a = model.embed("Rollback the ranker when recall drops.");
        float[] b = model.embed("Rollback the ranker when recall drops.");
        List<float[]> batch = model.embedAll(List.of("Something else entirely.", "Rollback the ranker when recall drops."));
        assertThat(b).containsExactly(a);
        assertThat(batch).hasSize(2);
        assertThat(batch.get(1)).containsExactly(a, within(1e-6f));
    }

    @Test
    void shouldPlaceParaphrasesCloserThanUnrelatedSentences() {
        float[] q = model.embed("How do I reset my password?");
        float[] para = model.embed("What are the steps to change a forgotten password?");
        float[] other = model.embed("The Eiffel Tower is in Paris.");
        assertThat(dot(q, para)).isGreaterThan(dot(q, other) + 0.2);
    }

    /**
     * Pins the first components of one sentence's embedding: an onnxruntime or model upgrade that
     * changes the quantized outputs fails here (the versions are pinned in the parent pom).
     */
    @Test
    void shouldMatchGoldenEmbeddingForPinnedRuntime() {
        float[] v = model.embed("Assay gives ML operators evidence about production models.");
        float[] golden = GOLDEN;
        for (int i = 0; i < golden.length; i++) {
            assertThat(v[i]).as("component %d", i).isCloseTo(golden[i], within(1e-4f));
        }
    }

    @Test
    void shouldRecordModelAndRuntimeInProvenance() {
        EmbeddingProvenance p = model.provenance();
        assertThat(p.modelId()).contains("all-MiniLM-L6-v2");
        assertThat(p.runtime()).isEqualTo("onnxruntime 1.20.0");
        assertThat(p.artifact()).endsWith("1.9.1-beta17");
        assertThat(p.dimension()).isEqualTo(384);
        assertThat(p.normalization()).isEqualTo(EmbeddingProvenance.Normalization.UNIT_L2);
    }

    private static final float[] GOLDEN = {
        -0.041744694f, -0.09464745f, 2.272645E-4f, -0.006039192f, 0.034048583f, -0.036729403f, 0.02164115f, 0.018062947f};
}
