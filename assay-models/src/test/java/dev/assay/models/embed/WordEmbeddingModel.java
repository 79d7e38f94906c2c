package dev.assay.models.embed;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A deterministic, fast stand-in for a text embedding model in tests of what uses embeddings: each lower-case word
 * adds a random direction seeded by the word, so texts sharing words are near each other. Not a product model.
 */
public final class WordEmbeddingModel implements EmbeddingModel {
    private final int dimension;
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    public WordEmbeddingModel(int dimension) {
        this.dimension = dimension;
    }

    /** How many texts were embedded. */
    public int calls() {
        return calls.get();
    }

    @Override
    public float[] embed(String text) {
        calls.incrementAndGet();
        float[] v = new float[dimension];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (w.isEmpty()) continue;
            Random r = new Random(w.hashCode());
            for (int i = 0; i < v.length; i++) v[i] += (float) r.nextGaussian();
        }
        if (text.isBlank()) v[0] = 1;
        return v;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public EmbeddingProvenance provenance() {
        throw new UnsupportedOperationException("a test stand-in has no provenance");
    }
}
