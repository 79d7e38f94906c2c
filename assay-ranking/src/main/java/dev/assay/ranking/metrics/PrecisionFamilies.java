package dev.assay.ranking.metrics;


/** trec_eval's {@code map}, {@code recip_rank}, {@code P} and {@code recall}. */
final class PrecisionFamilies {
    private PrecisionFamilies() {}

    /** trec_eval's default cutoffs for P, recall, ndcg_cut, map_cut and relative_P. */
    static final long[] DEFAULT_CUTOFFS = {5, 10, 15, 20, 30, 100, 200, 500, 1000};

    /** m_map.c: precision at each relevant retrieved document, summed, over all relevant. */
    static final Family MAP = new Family("map") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            out[at] = averagePrecision(r.rels, r.numRet, r.numRel, in.relevanceLevel());
        }
    };

    /** m_recip_rank.c: reciprocal rank of the first relevant document. */
    static final Family RECIP_RANK = new Family("recip_rank") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            int level = in.relevanceLevel();
            for (int i = 0; i < r.numRet; i++) {
                if (r.rels[i] >= level) {
                    out[at] = 1.0 / (double) (i + 1);
                    return;
                }
            }
        }
    };

    /** m_P.c: relevant in the top k over k. */
    static final Family P = new Family("P", Family.Shape.CUT_LONG, Params.longCutoffs(DEFAULT_CUTOFFS), Family.Summary.MEAN,
            Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            long[] cutoffs = p.longs();
            for (int c = 0; c < cutoffs.length; c++) {
                out[at + c] = relevantInTop(r, cutoffs[c], in.relevanceLevel()) / (double) cutoffs[c];
            }
        }
    };

    /** m_recall.c: relevant in the top k over all relevant (0 when the topic has none). */
    static final Family RECALL = new Family("recall", Family.Shape.CUT_LONG, Params.longCutoffs(DEFAULT_CUTOFFS), Family.Summary.MEAN,
            Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            if (r.numRel == 0) {
                return;
            }
            long[] cutoffs = p.longs();
            for (int c = 0; c < cutoffs.length; c++) {
                out[at + c] = relevantInTop(r, cutoffs[c], in.relevanceLevel()) / (double) r.numRel;
            }
        }
    };


    /** m_map.c's per-topic term. */
    static double averagePrecision(int[] rels, int numRet, int numRel, int relevanceLevel) {
        double sum = 0.0;
        long relSoFar = 0;
        for (int i = 0; i < numRet; i++) {
            if (rels[i] >= relevanceLevel) {
                relSoFar++;
                sum += (double) relSoFar / (double) (i + 1);
            }
        }
        return relSoFar == 0 ? 0.0 : sum / (double) numRel;
    }

    /** Relevant documents among the first {@code k} retrieved. */
    static int relevantInTop(TopicRels r, long k, int relevanceLevel) {
        int n = 0;
        int end = (int) Math.min(k, r.numRet);
        for (int i = 0; i < end; i++) {
            if (r.rels[i] >= relevanceLevel) {
                n++;
            }
        }
        return n;
    }
}
