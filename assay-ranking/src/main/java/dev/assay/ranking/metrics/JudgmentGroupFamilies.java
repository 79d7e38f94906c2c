package dev.assay.ranking.metrics;

import java.util.List;

/**
 * trec_eval's families over judgment groups ({@code -R qrels_jg}): the run is measured against each judgment
 * group's qrels ({@code te_form_res_rels_jg}, {@link TopicInput#jgRels()}) and the values are averaged over the
 * groups of the topic: {@code map_avgjg}, {@code P_avgjg}, {@code Rprec_mult_avgjg}.
 */
final class JudgmentGroupFamilies {
    private JudgmentGroupFamilies() {}

    /** A double family read from qrels_jg. */
    private abstract static class JgFamily extends Family {
        JgFamily(String name, Shape shape, Params defaults) {
            super(name, shape, defaults, Summary.MEAN, Kind.DOUBLE, true);
        }

        @Override
        Needs needs() {
            return Needs.QRELS_JG;
        }

        /** Divides the sums over groups by their number, when there is more than one, as the sources do. */
        static void averageOverGroups(double[] out, int at, int width, int groups) {
            if (groups > 1) {
                for (int i = 0; i < width; i++) {
                    out[at + i] /= groups;
                }
            }
        }
    }

    /** m_map_avgjg.c: average precision against each judgment group, averaged over the groups. */
    static final Family MAP_AVGJG = new JgFamily("map_avgjg", Family.Shape.SINGLE, Params.none()) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            List<TopicRels> jgs = in.jgRels();
            int rl = in.relevanceLevel();
            for (TopicRels r : jgs) {
                long relSoFar = 0;
                double sum = 0.0;
                for (int i = 0; i < r.numRet; i++) {
                    if (r.rels[i] >= rl) {
                        relSoFar++;
                        sum += (double) relSoFar / (double) (i + 1);
                    }
                }
                if (relSoFar != 0) {
                    out[at] += sum / (double) r.numRel;
                }
            }
            averageOverGroups(out, at, 1, jgs.size());
        }
    };

    /** m_P_avgjg.c: precision at each cutoff against each judgment group, averaged over the groups. */
    static final Family P_AVGJG = new JgFamily("P_avgjg", Family.Shape.CUT_LONG,
            Params.longCutoffs(5, 10, 15, 20, 30, 100, 200, 500, 1000)) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            long[] cutoffs = p.longs();
            List<TopicRels> jgs = in.jgRels();
            int rl = in.relevanceLevel();
            for (TopicRels r : jgs) {
                int c = 0;
                long relSoFar = 0;
                for (int i = 0; i < r.numRet; i++) {
                    if (i == cutoffs[c]) {
                        out[at + c] += (double) relSoFar / (double) i;
                        if (++c == cutoffs.length) {
                            break;
                        }
                    }
                    if (r.rels[i] >= rl) {
                        relSoFar++;
                    }
                }
                while (c < cutoffs.length) {
                    out[at + c] += (double) relSoFar / (double) cutoffs[c];
                    c++;
                }
            }
            averageOverGroups(out, at, cutoffs.length, jgs.size());
        }
    };

    /** m_Rprec_mult_avgjg.c: precision at multiples of each judgment group's R, averaged over the groups. */
    static final Family RPREC_MULT_AVGJG = new JgFamily("Rprec_mult_avgjg", Family.Shape.CUT_DOUBLE,
            Params.doubleCutoffs(0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0)) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            double[] percents = p.doubles();
            int n = percents.length;
            long[] cutoffs = new long[n];
            List<TopicRels> jgs = in.jgRels();
            int rl = in.relevanceLevel();
            for (TopicRels r : jgs) {
                for (int i = 0; i < n; i++) {
                    cutoffs[i] = (long) (percents[i] * r.numRel + 0.9);
                }
                int cut = n - 1;
                while (cut >= 0 && cutoffs[cut] > r.numRet) {
                    out[at + cut] += (double) r.numRelRet / (double) cutoffs[cut];
                    cut--;
                }
                long relSoFar = r.numRelRet;
                for (int i = r.numRet; i > 0 && relSoFar > 0; i--) {
                    double precis = (double) relSoFar / (double) i;
                    while (cut >= 0 && i == cutoffs[cut]) {
                        out[at + cut] += precis;
                        cut--;
                    }
                    if (r.rels[i - 1] >= rl) {
                        relSoFar--;
                    }
                }
            }
            averageOverGroups(out, at, n, jgs.size());
        }
    };
}
