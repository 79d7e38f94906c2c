package dev.assay.agent.memory;

import java.util.Objects;

/** One exemplar found near a query: its id (insertion order), label and cosine similarity to the query. */
public record Neighbour(long id, Label label, double similarity) {
    public Neighbour {
        Objects.requireNonNull(label, "label");
        if (id < 0) throw new IllegalArgumentException("id must be >= 0, but was " + id);
        if (!Double.isFinite(similarity)) throw new IllegalArgumentException("similarity must be finite, but was " + similarity);
    }
}
