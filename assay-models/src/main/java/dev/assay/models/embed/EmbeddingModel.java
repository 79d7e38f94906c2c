package dev.assay.models.embed;

import java.util.List;

/**
 * A text embedding model that runs in this process: text in, a fixed-length float vector out.
 * Implementations are deterministic (the same text gives the same vector) and thread-safe.
 */
public interface EmbeddingModel {

    /** The embedding of {@code text}, of length {@link #dimension()}. */
    float[] embed(String text);

    /** The embeddings of {@code texts}, in order. */
    List<float[]> embedAll(List<String> texts);

    /** Length of every embedding. */
    int dimension();

    /** Which model and runtime produced the vectors. */
    EmbeddingProvenance provenance();

    /**
     * all-MiniLM-L6-v2 (Wang et al., "MiniLM", NeurIPS 2020; sentence-transformers), INT8-quantized,
     * run by ONNX Runtime from the model file shipped inside the LangChain4j jar: no network, 384
     * dimensions, mean pooling, L2-normalised output.
     */
    static EmbeddingModel miniLmL6V2Quantized() {
        return MiniLmEmbeddingModel.load();
    }
}
