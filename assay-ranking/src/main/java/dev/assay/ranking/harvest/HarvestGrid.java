package dev.assay.ranking.harvest;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The configurations to measure: every (ef, k) with ef >= k.
 *
 * @param efs          HNSW candidate list sizes, ascending and distinct
 * @param ks           result list lengths, each >= 10 (Jaccard@10 needs ten results)
 * @param warmupPasses passes over all queries between the cold and the warm measurement
 * @param hnsw         graph construction parameters
 */
public record HarvestGrid(List<Integer> efs, List<Integer> ks, int warmupPasses, HnswParams hnsw) {
    /** Results compared by Jaccard@10. */
    public static final int JACCARD_DEPTH = 10;

    public HarvestGrid {
        efs = List.copyOf(efs);
        ks = List.copyOf(ks);
        if (efs.isEmpty()) throw new InvalidInputException("ef list must not be empty");
        if (ks.isEmpty()) throw new InvalidInputException("k list must not be empty");
        checkAscending(efs, "ef", 1);
        checkAscending(ks, "k", JACCARD_DEPTH);
        if (warmupPasses < 0) throw new InvalidInputException("warmupPasses must be >= 0, but was " + warmupPasses);
        if (hnsw == null) throw new InvalidInputException("hnsw parameters must be given");
        if (efs.get(efs.size() - 1) < ks.get(0)) {
            throw new InvalidInputException("no configuration has ef >= k: largest ef " + efs.get(efs.size() - 1)
                    + " < smallest k " + ks.get(0));
        }
    }

    /** ef in {10, 20, 40, 80, 160}, k in {10, 20}, two warm-up passes, Lucene's graph defaults. */
    public static HarvestGrid defaults() {
        return new HarvestGrid(List.of(10, 20, 40, 80, 160), List.of(10, 20), 2, HnswParams.luceneDefaults());
    }

    /** The (ef, k) pairs with ef >= k, by k then ef. */
    public List<Config> configs() {
        List<Config> out = new ArrayList<>();
        for (int k : ks) for (int ef : efs) if (ef >= k) out.add(new Config(ef, k));
        return out;
    }

    /**
     * One search configuration.
     *
     * @param ef HNSW candidate list size (Lucene's k of the kNN query)
     * @param k  results kept
     */
    public record Config(int ef, int k) {
        public Config {
            if (k < 1) throw new IllegalArgumentException("k must be >= 1, but was " + k);
            if (ef < k) throw new IllegalArgumentException("ef must be >= k = " + k + ", but was " + ef);
        }
    }

    private static void checkAscending(List<Integer> values, String name, int min) {
        for (int i = 0; i < values.size(); i++) {
            int v = values.get(i);
            if (v < min) throw new InvalidInputException(name + " values must be >= " + min + ", but was " + v);
            if (v > 10_000) throw new InvalidInputException(name + " values must be <= 10000, but was " + v);
            if (i > 0 && v <= values.get(i - 1)) {
                throw new InvalidInputException(name + " values must be strictly ascending, but got " + values);
            }
        }
    }
}
