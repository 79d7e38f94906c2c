package dev.assay.ranking.harvest;

import dev.assay.core.InvalidInputException;

/**
 * HNSW graph construction parameters (Malkov and Yashunin 2018).
 *
 * @param maxConnections M, neighbours kept per node and layer
 * @param beamWidth      efConstruction, candidate list size while inserting
 */
public record HnswParams(int maxConnections, int beamWidth) {
    public HnswParams {
        if (maxConnections < 2 || maxConnections > 512) {
            throw new InvalidInputException("maxConnections must be in [2, 512], but was " + maxConnections);
        }
        if (beamWidth < 1 || beamWidth > 3200) {
            throw new InvalidInputException("beamWidth must be in [1, 3200], but was " + beamWidth);
        }
    }

    /** Lucene's defaults: M = 16, efConstruction = 100. */
    public static HnswParams luceneDefaults() {
        return new HnswParams(16, 100);
    }
}
