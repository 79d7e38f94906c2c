package dev.assay.ranking.metrics;

import java.util.List;
import java.util.Objects;

/**
 * One trec_eval measure with its parameter. {@link #name()} is trec_eval's output spelling
 * ({@code ndcg_cut_10}, {@code P_10}); {@link Measures#parse(String)} reads its input spelling
 * ({@code ndcg_cut.10}, {@code P.10}).
 */
public sealed interface Measure {
    /** trec_eval's output name, e.g. {@code ndcg_cut_10}. */
    String name();

    /** trec_eval's input spelling, as {@code -m} and contracts write it, e.g. {@code ndcg_cut.10}; {@link Measures#parse} reads it back. */
    String spec();

    /** Position in trec_eval's measure table (it prints measures in this order, not the order asked). */
    int tableOrder();

    /** nDCG over the whole ranking; gain = relevance level unless overridden per level ({@code ndcg.1=3,2=9}). */
    record Ndcg(List<Gain> gains, String params) implements Measure {
        public Ndcg {
            gains = List.copyOf(gains);
            Objects.requireNonNull(params, "params");
        }

        /** nDCG with gain = relevance level. */
        public static Ndcg standard() {
            return new Ndcg(List.of(), "");
        }

        @Override
        public String name() {
            return params.isEmpty() ? "ndcg" : "ndcg_" + params;
        }

        @Override
        public String spec() {
            return params.isEmpty() ? "ndcg" : "ndcg." + params;
        }

        @Override
        public int tableOrder() {
            return 4;
        }
    }

    /** A gain override: documents judged at {@code level} gain {@code gain}. */
    record Gain(long level, double gain) {
        public Gain {
            if (!Double.isFinite(gain)) {
                throw new IllegalArgumentException("gain must be finite, but was " + gain);
            }
        }
    }

    /** nDCG truncated at rank {@code k}, ideal truncated at {@code k}; gain = relevance level (no overrides). */
    record NdcgCut(int k) implements Measure {
        public NdcgCut {
            requirePositive(k);
        }

        @Override
        public String name() {
            return "ndcg_cut_" + k;
        }

        @Override
        public String spec() {
            return "ndcg_cut." + k;
        }

        @Override
        public int tableOrder() {
            return 5;
        }
    }

    /** Mean average precision's per-topic term: precision at each relevant retrieved document, summed, over all relevant. */
    record AveragePrecision() implements Measure {
        @Override
        public String name() {
            return "map";
        }

        @Override
        public String spec() {
            return "map";
        }

        @Override
        public int tableOrder() {
            return 0;
        }
    }

    /** Reciprocal rank of the first relevant document (0 when none is retrieved). */
    record ReciprocalRank() implements Measure {
        @Override
        public String name() {
            return "recip_rank";
        }

        @Override
        public String spec() {
            return "recip_rank";
        }

        @Override
        public int tableOrder() {
            return 1;
        }
    }

    /** Precision at {@code k}: relevant in the top k over k (k, not the number retrieved). */
    record Precision(int k) implements Measure {
        public Precision {
            requirePositive(k);
        }

        @Override
        public String name() {
            return "P_" + k;
        }

        @Override
        public String spec() {
            return "P." + k;
        }

        @Override
        public int tableOrder() {
            return 2;
        }
    }

    /** Recall at {@code k}: relevant in the top k over all relevant (0 when the topic has none). */
    record Recall(int k) implements Measure {
        public Recall {
            requirePositive(k);
        }

        @Override
        public String name() {
            return "recall_" + k;
        }

        @Override
        public String spec() {
            return "recall." + k;
        }

        @Override
        public int tableOrder() {
            return 3;
        }
    }

    private static void requirePositive(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("cutoff must be positive, but was " + k);
        }
    }
}
