package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;

/**
 * trec_eval's rank-based families beyond {@code map}: {@code gm_map}, {@code Rprec}, {@code bpref},
 * {@code gm_bpref}, {@code infAP} and the per-topic text {@code relstring}.
 */
final class RankFamilies {
    private RankFamilies() {}

    /**
     * trec_eval's {@code MIN_GEO_MEAN} ({@code trec_eval.h}): the floor a value is raised to before its
     * logarithm is taken for a geometric mean.
     */
    static final double MIN_GEO_MEAN = .00001;

    /** trec_eval's {@code INFAP_EPSILON} ({@code trec_eval.h}): the smoothing of infAP's precision estimate. */
    static final double INFAP_EPSILON = .00001;

    /** m_gm_map.c: the topic's average precision as {@code log(max(ap, MIN_GEO_MEAN))}, summarised by exp of the mean. */
    static final Family GM_MAP = new Family("gm_map", Family.Shape.SINGLE, Params.none(), Family.Summary.GEOMETRIC,
            Family.Kind.DOUBLE, false) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            out[at] = Math.log(Math.max(PrecisionFamilies.averagePrecision(r.rels, r.numRet, r.numRel, in.relevanceLevel()),
                    MIN_GEO_MEAN));
        }
    };

    /** m_Rprec.c: relevant among the first R retrieved over R, R the number of relevant (0 when nothing to look at). */
    static final Family RPREC = new Family("Rprec") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            int look = Math.min(r.numRet, r.numRel);
            if (look == 0) {
                return;
            }
            out[at] = PrecisionFamilies.relevantInTop(r, look, in.relevanceLevel()) / (double) r.numRel;
        }
    };

    /** m_bpref.c: for each judged relevant document retrieved, the share of the top R judged nonrelevant not above it; over R. */
    static final Family BPREF = new Family("bpref") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = bpref(in.rels(), in.relevanceLevel());
        }
    };

    /** m_gm_bpref.c: bpref as {@code log(max(bpref, MIN_GEO_MEAN))}, summarised by exp of the mean. */
    static final Family GM_BPREF = new Family("gm_bpref", Family.Shape.SINGLE, Params.none(), Family.Summary.GEOMETRIC,
            Family.Kind.DOUBLE, false) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = Math.log(Math.max(bpref(in.rels(), in.relevanceLevel()), MIN_GEO_MEAN));
        }
    };

    /**
     * m_infap.c: inferred AP (Yilmaz and Aslam), where documents outside the pool count as nonrelevant and
     * pooled but unjudged ones (negative qrels levels) as relevant in the proportion of the judged ones.
     */
    static final Family INFAP = new Family("infAP") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            int level = in.relevanceLevel();
            long nonrelSoFar = 0;
            long relSoFar = 0;
            long poolUnjudgedSoFar = 0;
            double infAp = 0.0;
            for (int j = 0; j < r.numRet; j++) {
                int rel = r.rels[j];
                if (rel == Qrels.NOT_IN_POOL) {
                    continue;
                }
                if (rel == Qrels.UNJUDGED) {
                    poolUnjudgedSoFar++;
                    continue;
                }
                if (rel >= 0 && rel < level) {
                    nonrelSoFar++;
                } else {
                    relSoFar++;
                    if (j == 0) {
                        infAp += 1.0;
                    } else {
                        double fj = j;
                        infAp += 1.0 / (fj + 1.0)
                                + (fj / (fj + 1.0))
                                * ((relSoFar - 1 + nonrelSoFar + poolUnjudgedSoFar) / fj)
                                * ((relSoFar - 1 + INFAP_EPSILON) / (relSoFar - 1 + nonrelSoFar + 2 * INFAP_EPSILON));
                    }
                }
            }
            if (r.numRel != 0) {
                infAp /= r.numRel;
            }
            out[at] = infAp;
        }
    };

    /**
     * m_relstring.c: the judgments of the first N documents retrieved (default 10; only the first of
     * the decimal parameters counts, truncated) as one character each: the level when 0..9, {@code >}
     * above 9, {@code -} outside the pool, {@code .} pooled but unjudged. Printed per topic, quoted, and
     * never summarised.
     */
    static final Family RELSTRING = new Family("relstring", Family.Shape.PARAM_DOUBLES, Params.doubles(10.0), Family.Summary.NONE,
            Family.Kind.TEXT, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {}

        @Override
        String text(TopicInput in, Params p) {
            TopicRels r = in.rels();
            long len = Math.min((long) p.doubles()[0], r.numRet);
            if (len < 0) {
                len = 0;
            }
            StringBuilder s = new StringBuilder((int) len);
            for (int i = 0; i < len; i++) {
                int rel = r.rels[i];
                char c;
                if (rel > 9) {
                    c = '>';
                } else if (rel >= 0) {
                    c = (char) ('0' + rel);
                } else if (rel == Qrels.NOT_IN_POOL) {
                    c = '-';
                } else if (rel == Qrels.UNJUDGED) {
                    c = '.';
                } else {
                    c = '<';
                }
                s.append(c);
            }
            return s.toString();
        }
    };


    /** m_bpref.c's per-topic value (shared with m_gm_bpref.c, which repeats it). */
    static double bpref(TopicRels r, int level) {
        long numNonrel = 0;
        for (int j = 0; j < level && j < r.relLevels.length; j++) {
            numNonrel += r.relLevels[j];
        }
        long nonrelSoFar = 0;
        double bpref = 0.0;
        for (int j = 0; j < r.numRet; j++) {
            int rel = r.rels[j];
            if (rel == Qrels.NOT_IN_POOL || rel == Qrels.UNJUDGED) {
                continue;
            }
            if (rel >= 0 && rel < level) {
                nonrelSoFar++;
            } else if (nonrelSoFar > 0) {
                bpref += 1.0 - ((double) Math.min(nonrelSoFar, r.numRel) / (double) Math.min(numNonrel, r.numRel));
            } else {
                bpref += 1.0;
            }
        }
        if (r.numRel != 0) {
            bpref /= r.numRel;
        }
        return bpref;
    }
}
