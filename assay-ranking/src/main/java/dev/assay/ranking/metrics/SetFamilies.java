package dev.assay.ranking.metrics;

/**
 * trec_eval's set measures ({@code set_P}, {@code set_relative_P}, {@code set_recall}, {@code set_map},
 * {@code set_F}, {@code num_nonrel_judged_ret}), which treat the retrieved documents as an unranked set, and
 * its other cutoff measures ({@code map_cut}, {@code relative_P}, {@code success}).
 */
final class SetFamilies {
    private SetFamilies() {}

    /** m_map_cut.c: average precision over the top k (precisions at the relevant among them, over all relevant). */
    static final Family MAP_CUT = new Family("map_cut", Family.Shape.CUT_LONG, Params.longCutoffs(PrecisionFamilies.DEFAULT_CUTOFFS),
            Family.Summary.MEAN, Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            if (r.numRel == 0) {
                return;
            }
            int level = in.relevanceLevel();
            long[] cutoffs = p.longs();
            int c = 0;
            long relSoFar = 0;
            double sum = 0.0;
            for (int i = 0; i < r.numRet; i++) {
                if (i == cutoffs[c]) {
                    out[at + c] = sum / (double) r.numRel;
                    if (++c == cutoffs.length) {
                        break;
                    }
                }
                if (r.rels[i] >= level) {
                    relSoFar++;
                    sum += (double) relSoFar / (double) (i + 1);
                }
            }
            for (; c < cutoffs.length; c++) {
                out[at + c] = sum / (double) r.numRel;
            }
        }
    };

    /** m_rel_P.c: relevant in the top k over min(k, relevant); 0 for a topic without relevant documents. */
    static final Family RELATIVE_P = new Family("relative_P", Family.Shape.CUT_LONG, Params.longCutoffs(PrecisionFamilies.DEFAULT_CUTOFFS),
            Family.Summary.MEAN, Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            if (r.numRel == 0) {
                return;
            }
            int level = in.relevanceLevel();
            long[] cutoffs = p.longs();
            int c = 0;
            long relSoFar = 0;
            for (int i = 0; i < r.numRet; i++) {
                if (i == cutoffs[c]) {
                    out[at + c] = (double) relSoFar / (double) Math.min(i, r.numRel);
                    if (++c == cutoffs.length) {
                        break;
                    }
                }
                if (r.rels[i] >= level) {
                    relSoFar++;
                }
            }
            for (; c < cutoffs.length; c++) {
                out[at + c] = (double) relSoFar / (double) Math.min(cutoffs[c], r.numRel);
            }
        }
    };

    /** m_success.c: 1 if a relevant document is in the top k, else 0 (default cutoffs 1, 5, 10). */
    static final Family SUCCESS = new Family("success", Family.Shape.CUT_LONG, Params.longCutoffs(1, 5, 10), Family.Summary.MEAN,
            Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            int level = in.relevanceLevel();
            long[] cutoffs = p.longs();
            int c = 0;
            long relSoFar = 0;
            for (int i = 0; i < r.numRet; i++) {
                if (i == cutoffs[c]) {
                    out[at + c] = relSoFar != 0 ? 1.0 : 0.0;
                    if (++c == cutoffs.length) {
                        break;
                    }
                }
                if (r.rels[i] >= level) {
                    relSoFar++;
                }
            }
            for (; c < cutoffs.length; c++) {
                out[at + c] = relSoFar != 0 ? 1.0 : 0.0;
            }
        }
    };

    /** m_set_P.c: relevant retrieved over retrieved. */
    static final Family SET_P = new Family("set_P") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            if (r.numRet != 0) {
                out[at] = (double) r.numRelRet / (double) r.numRet;
            }
        }
    };

    /** m_set_rel_P.c: relevant retrieved over min(retrieved, relevant). */
    static final Family SET_RELATIVE_P = new Family("set_relative_P") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            if (r.numRet != 0 && r.numRel != 0) {
                out[at] = (double) r.numRelRet / (double) Math.min(r.numRet, r.numRel);
            }
        }
    };

    /** m_set_recall.c: relevant retrieved over relevant. */
    static final Family SET_RECALL = new Family("set_recall") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            if (r.numRel != 0) {
                out[at] = (double) r.numRelRet / (double) r.numRel;
            }
        }
    };

    /** m_set_map.c: relevant retrieved squared over (retrieved * relevant), set precision times set recall. */
    static final Family SET_MAP = new Family("set_map") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            if (r.numRet != 0 && r.numRel != 0) {
                out[at] = ((double) r.numRelRet * (double) r.numRelRet) / ((double) r.numRet * (double) r.numRel);
            }
        }
    };

    /** m_set_F.c: (x + 1) P R / (x P + R) over the retrieved set, x the first parameter (default 1: {@code set_F.0.5}). */
    static final Family SET_F = new Family("set_F", Family.Shape.PARAM_DOUBLES, Params.doubles(1.0), Family.Summary.MEAN,
            Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            if (r.numRelRet != 0) {
                double precision = (double) r.numRelRet / (double) r.numRet;
                double recall = (double) r.numRelRet / (double) r.numRel;
                double x = p.doubles()[0];
                out[at] = (x + 1.0) * precision * recall / (x * precision + recall);
            }
        }
    };

    /** m_num_nonrel_judged_ret.c: retrieved documents judged below the relevance level, summed over topics. */
    static final Family NUM_NONREL_JUDGED_RET = new Family("num_nonrel_judged_ret", Family.Shape.SINGLE, Params.none(),
            Family.Summary.SUM, Family.Kind.LONG, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            out[at] = (double) r.numRet - r.numNonpool - r.numUnjudgedInPool - r.numRelRet;
        }
    };
}
