package dev.assay.ranking.harvest;

import dev.assay.models.embed.EmbeddingModel;
import java.util.List;
import java.util.Objects;

/**
 * Unit-length document and query vectors of one corpus split, with the model that made them.
 *
 * @param corpus    corpus name
 * @param documents document vectors, row i is document ordinal i
 * @param queries   query vectors
 * @param dimension length of every vector
 * @param model     the embedding model's provenance, as text
 */
public record Vectors(String corpus, float[][] documents, float[][] queries, int dimension, String model) {
    public Vectors {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(model, "model");
        if (documents.length == 0) throw new IllegalArgumentException("documents must not be empty");
        if (queries.length == 0) throw new IllegalArgumentException("queries must not be empty");
        for (float[] v : documents) checkLength(v, dimension, "document");
        for (float[] v : queries) checkLength(v, dimension, "query");
    }

    /** Embeds the documents and queries of {@code split} with {@code model}. */
    public static Vectors embed(HarvestCorpus.Split split, EmbeddingModel model) {
        float[][] docs = model.embedAll(split.documents()).toArray(float[][]::new);
        float[][] queries = model.embedAll(split.queries()).toArray(float[][]::new);
        var p = model.provenance();
        return new Vectors(split.corpus(), docs, queries, model.dimension(),
                p.modelId() + ", " + p.artifact() + ", " + p.runtime());
    }

    /** Vectors already computed (tests, other models). */
    public static Vectors of(String corpus, List<float[]> documents, List<float[]> queries, String model) {
        int dim = documents.isEmpty() ? 0 : documents.get(0).length;
        return new Vectors(corpus, documents.toArray(float[][]::new), queries.toArray(float[][]::new), dim, model);
    }

    private static void checkLength(float[] v, int dimension, String what) {
        if (v.length != dimension) {
            throw new IllegalArgumentException(what + " vector length must be " + dimension + ", but was " + v.length);
        }
    }
}
