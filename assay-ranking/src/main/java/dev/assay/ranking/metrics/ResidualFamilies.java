package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;

/** trec_eval's {@code yaap}, {@code rbp}, {@code rbp_resid} and {@code unj}. */
final class ResidualFamilies {
    private ResidualFamilies() {}

    /** rbp's and rbp_resid's persistence when {@code p} is not given. */
    static final double DEFAULT_PERSISTENCE = 0.9;

    /** m_yaap.c: log((1 + s) / (1 + relevant - s)), s the sum of precisions at the relevant retrieved. */
    static final Family YAAP = new Family("yaap") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            int level = in.relevanceLevel();
            long relSoFar = 0;
            double sum = 0.0;
            for (int i = 0; i < r.numRet; i++) {
                if (r.rels[i] >= level) {
                    relSoFar++;
                    sum += (double) relSoFar / (double) (i + 1);
                }
            }
            out[at] = Math.log((1.0 + sum) / (1.0 + (double) r.numRel - sum));
        }
    };

    /**
     * m_rbp.c: (1 - p) times the sum of gain * p^(rank - 1), p = 0.9 unless given ({@code rbp.p=0.95}); the
     * gains are those of trec_eval's gain set-up ({@code rbp.2=1}), rescaled to (g - min) / (max - min) when
     * one is below 0 or above 1, min and max taken over the gains and 0.
     */
    static final Family RBP = new PersistenceFamily("rbp") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            double persistence = p.pair("p", DEFAULT_PERSISTENCE);
            GainFamilies.Gains gains = GainFamilies.Gains.of(r, p);
            // m_rbp.c leaves min and max uninitialised; the trec_eval binary finds tiny positive remnants there
            // (denormals), which act as 0 in every comparison and subtraction below.
            double min = 0.0;
            double max = 0.0;
            for (int i = 0; i < gains.size; i++) {
                double g = gains.gainAt(i);
                if (g < min) {
                    min = g;
                }
                if (g > max) {
                    max = g;
                }
            }
            if (min < 0 || max > 1) {
                for (int i = 0; i < gains.size; i++) {
                    gains.setGainAt(i, (gains.gainAt(i) - min) / (max - min));
                }
            }
            double sum = 0.0;
            double curP = 1.0;
            for (int i = 0; i < r.numRet; i++) {
                double gain = gains.get(r.rels[i]);
                if (gain != 0) {
                    sum += gain * curP;
                }
                curP = curP * persistence;
            }
            out[at] = (1.0 - persistence) * sum;
        }
    };

    /**
     * m_rbp_resid.c: how much rbp could still rise if every retrieved document without a judgment had the
     * top gain, p^n + (1 - p) * (sum of p^(rank - 1) over them), n the documents retrieved; 0 without one.
     */
    static final Family RBP_RESID = new PersistenceFamily("rbp_resid") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            double persistence = p.pair("p", DEFAULT_PERSISTENCE);
            long unjSoFar = 0;
            double sum = 0.0;
            double curP = 1.0;
            for (int i = 0; i < r.numRet; i++) {
                if (r.rels[i] < 0) {
                    unjSoFar++;
                    sum += curP;
                }
                curP = curP * persistence;
            }
            if (unjSoFar != 0) {
                out[at] = curP + (1 - persistence) * sum;
            }
        }
    };

    /** m_unjudged.c: the fraction of the top k without a judgment (missing ranks count as judged). */
    static final Family UNJ = new Family("unj", Family.Shape.CUT_LONG, Params.longCutoffs(5, 10, 20), Family.Summary.MEAN,
            Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            long[] cutoffs = p.longs();
            int c = 0;
            long unjSoFar = 0;
            for (int i = 0; i < r.numRet; i++) {
                if (i == cutoffs[c]) {
                    out[at + c] = (double) unjSoFar / (double) i;
                    if (++c == cutoffs.length) {
                        break;
                    }
                }
                if (r.rels[i] == Qrels.NOT_IN_POOL || r.rels[i] == Qrels.UNJUDGED) {
                    unjSoFar++;
                }
            }
            for (; c < cutoffs.length; c++) {
                out[at + c] = (double) unjSoFar / (double) cutoffs[c];
            }
        }
    };

    /** A family whose {@code -m} parameters are {@code p=persistence} and per-level gains ({@code rbp.p=0.8,2=1}). */
    private abstract static class PersistenceFamily extends Family {
        PersistenceFamily(String name) {
            super(name, Family.Shape.PARAM_PAIRS, Params.none(), Family.Summary.MEAN, Family.Kind.DOUBLE, true);
        }

        @Override
        Params parse(String spec, String text) {
            return GainFamilies.checkGainLevels(spec, super.parse(spec, text), true);
        }
    }
}
