package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;

/**
 * trec_eval's recall-point and set families: {@code iprec_at_recall}, {@code Rprec_mult},
 * {@code 11pt_avg} and {@code utility}.
 */
final class RecallFamilies {
    private RecallFamilies() {}

    /** The recall points of iprec_at_recall and 11pt_avg by default: 0.0, 0.1, ..., 1.0. */
    static final double[] ELEVEN_POINTS = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    /** Rprec_mult's default multiples of R. */
    static final double[] R_MULTIPLES = {0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0};

    /** utility's default coefficients: +1 per relevant retrieved, -1 per nonrelevant retrieved. */
    static final double[] UTILITY_COEFFICIENTS = {1.0, -1.0, 0.0, 0.0};

    /**
     * What C's {@code 0.0 / 0.0} gives on x86-64, the platform of trec_eval's fixtures: the default NaN,
     * whose sign bit is set (glibc prints it {@code -nan}). trec_eval reaches it for a topic with nothing
     * retrieved (under -J, when no retrieved document is judged).
     */
    static final double C_ZERO_BY_ZERO = Double.longBitsToDouble(0xfff8000000000000L);

    /**
     * m_iprec_at_recall.c: interpolated precision (the best precision at or after the rank) at the rank
     * where each recall point's share of the relevant documents, rounded ({@code lround}), is reached;
     * 0 for a point beyond the relevant retrieved.
     */
    static final Family IPREC_AT_RECALL = new Family("iprec_at_recall", Family.Shape.CUT_DOUBLE, Params.doubleCutoffs(ELEVEN_POINTS),
            Family.Summary.MEAN, Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            interpolatedPrecisions(in.rels(), p.doubles(), in.relevanceLevel(), out, at);
        }
    };

    /**
     * m_Rprec_mult.c: precision after {@code (long) (m * R + 0.9)} documents for each multiple m of R, the
     * number of relevant; past the end of the ranking, the relevant retrieved over that cutoff.
     */
    static final Family RPREC_MULT = new Family("Rprec_mult", Family.Shape.CUT_DOUBLE, Params.doubleCutoffs(R_MULTIPLES),
            Family.Summary.MEAN, Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            double[] multiples = p.doubles();
            long[] cutoffs = new long[multiples.length];
            for (int i = 0; i < multiples.length; i++) {
                cutoffs[i] = (long) (multiples[i] * r.numRel + 0.9);
            }
            int current = multiples.length - 1;
            while (current >= 0 && cutoffs[current] > r.numRet) {
                out[at + current] = (double) r.numRelRet / (double) cutoffs[current];
                current--;
            }
            int level = in.relevanceLevel();
            long relSoFar = r.numRelRet;
            for (int i = r.numRet; i > 0 && relSoFar > 0; i--) {
                double precis = (double) relSoFar / (double) i;
                while (current >= 0 && i == cutoffs[current]) {
                    out[at + current] = precis;
                    current--;
                }
                if (r.rels[i - 1] >= level) {
                    relSoFar--;
                }
            }
        }
    };

    /**
     * m_utility.c: {@code p1 * a + p2 * b + p3 * c + p4 * d} over the contingency table (a relevant
     * retrieved, b nonrelevant retrieved, c relevant not retrieved, d the rest of the -N collection);
     * exactly four coefficients, default {@code 1,-1,0,0}; averaged over topics.
     */
    static final Family UTILITY = new Family("utility", Family.Shape.PARAM_DOUBLES, Params.doubles(UTILITY_COEFFICIENTS),
            Family.Summary.MEAN, Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            double[] c = p.doubles();
            long relRet = r.numRelRet;
            long ret = r.numRet;
            long rel = r.numRel;
            out[at] = c[0] * relRet
                    + c[1] * (ret - relRet)
                    + c[2] * (rel - relRet)
                    + c[3] * (in.options.numDocsInCollection() + relRet - ret - rel);
        }

        @Override
        Params parse(String spec, String text) {
            Params p = super.parse(spec, text);
            if (p.doubles().length != 4) {
                throw new InvalidInputException("measure '" + spec + "': utility takes exactly 4 coefficients, but "
                        + p.doubles().length + " were given");
            }
            return p;
        }
    };

    /**
     * m_11pt_avg.c: the mean of the interpolated precisions at the recall points (default the eleven
     * 0.0..1.0), computed as iprec_at_recall does, with the points in the order given.
     */
    static final Family ELEVEN_PT_AVG = new Family("11pt_avg", Family.Shape.PARAM_DOUBLES, Params.doubles(ELEVEN_POINTS),
            Family.Summary.MEAN, Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            double[] points = p.doubles();
            double[] iprec = new double[points.length];
            interpolatedPrecisions(in.rels(), points, in.relevanceLevel(), iprec, 0);
            double sum = 0.0;
            for (int i = points.length - 1; i >= 0; i--) { // the C sums the points in this order
                sum += iprec[i];
            }
            out[at] = sum / (double) points.length;
        }
    };

    /**
     * The interpolated precision at each recall point, into {@code out[at..]}: the best precision at or after the
     * rank where the point's share of the relevant documents, rounded ({@code lround}), is reached, walking the
     * points from the last as m_iprec_at_recall.c and m_11pt_avg.c both do (so points out of order, which 11pt_avg
     * keeps as given, get trec_eval's values).
     */
    private static void interpolatedPrecisions(TopicRels r, double[] points, int level, double[] out, int at) {
        long[] cutoffs = new long[points.length];
        for (int i = 0; i < points.length; i++) {
            cutoffs[i] = lround(points[i] * r.numRel);
        }
        int current = points.length - 1;
        while (current >= 0 && cutoffs[current] > r.numRelRet) {
            current--;
        }
        double intPrecis = precision(r.numRelRet, r.numRet);
        long relSoFar = r.numRelRet;
        for (int i = r.numRet; i > 0 && relSoFar > 0; i--) {
            double precis = (double) relSoFar / (double) i;
            if (intPrecis < precis) {
                intPrecis = precis;
            }
            if (r.rels[i - 1] >= level) {
                while (current >= 0 && relSoFar == cutoffs[current]) {
                    out[at + current] = intPrecis;
                    current--;
                }
                relSoFar--;
            }
        }
        while (current >= 0) {
            out[at + current] = intPrecis;
            current--;
        }
    }


    /** Relevant retrieved over retrieved, with C's NaN when nothing is retrieved. */
    private static double precision(long relRet, long ret) {
        return ret == 0 ? C_ZERO_BY_ZERO : (double) relRet / (double) ret;
    }

    /** C's {@code lround}: to the nearest integer, halves away from zero. */
    static long lround(double x) {
        double a = Math.abs(x);
        double f = Math.floor(a);
        if (a - f >= 0.5) {
            f += 1.0;
        }
        long n = (long) f;
        return x < 0 ? -n : n;
    }
}
