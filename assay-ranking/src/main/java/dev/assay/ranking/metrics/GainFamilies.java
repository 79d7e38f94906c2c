package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;

/**
 * trec_eval's graded-gain families {@code binG}, {@code G}, {@code dcg}, {@code ideal_dcg}, {@code ndcg},
 * {@code ndcg_rel}, {@code Rndcg} and {@code ndcg_cut}, with what they share: {@code gain_init.c}'s gains
 * ({@link Gains}), the walk down the ideal ranking ({@link IdealWalk}) and C's {@code log2} ({@link #log2}).
 */
final class GainFamilies {
    private GainFamilies() {}

    /** m_binG.c: over the relevant retrieved, 1 / log2(2 + non-relevant retrieved before it), over all relevant. */
    static final Family BIN_G = new Family("binG") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            int level = in.relevanceLevel();
            long relSoFar = 0;
            double sum = 0.0;
            for (int i = 0; i < r.numRet; i++) {
                if (r.rels[i] >= level) {
                    relSoFar++;
                    sum += 1.0 / log2((double) (3 + i - relSoFar));
                }
            }
            if (relSoFar != 0) {
                out[at] = sum / (double) r.numRel;
            }
        }
    };

    /** m_G.c: each retrieved document's gain over log2(2 + ideal cost so far - gain so far), over the ideal total gain. */
    static final Family G = new GainFamily("G") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            Gains gains = Gains.of(r, p);
            IdealWalk ideal = new IdealWalk(gains);
            double resultsG = 0.0;
            double sumResults = 0.0;
            double sumIdeal = 0.0;
            double sumCost = 0.0;
            double minCost = 1.0;
            int i;
            for (i = 0; i < r.numRet && ideal.gain > 0.0; i++) {
                double resultsGain = gains.get(r.rels[i]);
                sumResults += resultsGain;
                double idealGain = ideal.next();
                if (idealGain > 0.0) {
                    sumIdeal += idealGain;
                }
                sumCost += idealGain >= minCost ? idealGain : minCost;
                if (resultsGain != 0) {
                    resultsG += resultsGain / log2(2 + sumCost - sumResults);
                }
            }
            for (; i < r.numRet; i++) {
                double resultsGain = gains.get(r.rels[i]);
                sumResults += resultsGain;
                sumCost += minCost;
                if (resultsGain != 0) {
                    resultsG += resultsGain / log2(2 + sumCost - sumResults);
                }
            }
            while (ideal.gain > 0.0) {
                double idealGain = ideal.next();
                if (idealGain > 0.0) {
                    sumIdeal += idealGain;
                }
            }
            if (sumIdeal > 0.0) {
                out[at] = resultsG / sumIdeal;
            }
        }
    };

    /** m_ndcg.c as {@code dcg}: the ranking's discounted cumulative gain with {@link Gains}. */
    static final Family DCG = new GainFamily("dcg") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = dcgs(in.rels(), p)[0];
        }
    };

    /** m_ndcg.c as {@code ideal_dcg}: the ideal ranking's discounted cumulative gain with {@link Gains}. */
    static final Family IDEAL_DCG = new GainFamily("ideal_dcg") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = dcgs(in.rels(), p)[1];
        }
    };

    /**
     * m_ndcg.c: gain = relevance level unless overridden per level ({@code ndcg.1=3,2=9}), discount
     * log2(rank + 1), over the whole ranking, divided by the ideal ranking's (0 when that is not positive).
     */
    static final Family NDCG = new GainFamily("ndcg") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            double[] d = dcgs(in.rels(), p);
            if (d[1] > 0.0) {
                out[at] = d[0] / d[1];
            }
        }
    };

    /**
     * m_ndcg_rel.c: nDCG averaged at each retrieved document of positive gain and, for each ideal position of
     * positive gain not matched by one, at the end of the ranking.
     */
    static final Family NDCG_REL = new GainFamily("ndcg_rel") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            Gains gains = Gains.of(r, p);
            IdealWalk ideal = new IdealWalk(gains);
            double resultsDcg = 0.0;
            double idealDcg = 0.0;
            double sum = 0.0;
            long numRelRet = 0;
            long numRel = 0;
            int i;
            for (i = 0; i < r.numRet && ideal.gain > 0.0; i++) {
                double resultsGain = gains.get(r.rels[i]);
                if (resultsGain != 0) {
                    resultsDcg += resultsGain / log2(i + 2);
                }
                double idealGain = ideal.next();
                if (idealGain > 0.0) {
                    numRel++;
                    idealDcg += idealGain / log2(i + 2);
                }
                if (resultsGain > 0) {
                    sum += resultsDcg / idealDcg;
                    numRelRet++;
                }
            }
            for (; i < r.numRet; i++) {
                double resultsGain = gains.get(r.rels[i]);
                if (resultsGain != 0) {
                    resultsDcg += resultsGain / log2(i + 2);
                }
                if (resultsGain > 0) {
                    sum += resultsDcg / idealDcg;
                    numRelRet++;
                }
            }
            for (; ideal.gain > 0.0; i++) {
                double idealGain = ideal.next();
                if (idealGain > 0.0) {
                    numRel++;
                    idealDcg += idealGain / log2(i + 2);
                }
            }
            sum += (double) (numRel - numRelRet) * resultsDcg / idealDcg;
            if (sum > 0.0) {
                out[at] = sum / numRel;
            }
        }
    };

    /**
     * m_Rndcg.c: nDCG averaged at the ranks where the ideal gain changes (the R levels of each gain) and at
     * the end of the ranking when it goes past them; 0 for a topic without relevant documents.
     */
    static final Family RNDCG = new GainFamily("Rndcg") {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            Gains gains = Gains.of(r, p);
            if (r.numRel == 0) {
                return;
            }
            IdealWalk ideal = new IdealWalk(gains);
            double resultsDcg = 0.0;
            double idealDcg = 0.0;
            double oldIdealGain = ideal.gain;
            double sum = 0.0;
            long numChanged = 0;
            int i;
            for (i = 0; i < r.numRet && ideal.gain > 0.0; i++) {
                double resultsGain = gains.get(r.rels[i]);
                double idealGain = ideal.next();
                if (oldIdealGain != idealGain) {
                    if (idealDcg > 0.0) {
                        sum += resultsDcg / idealDcg;
                        numChanged++;
                    }
                    oldIdealGain = idealGain;
                }
                if (resultsGain != 0) {
                    resultsDcg += resultsGain / log2(i + 2);
                }
                if (idealGain > 0.0) {
                    idealDcg += idealGain / log2(i + 2);
                }
            }
            if (i < r.numRet) {
                for (; i < r.numRet; i++) {
                    double resultsGain = gains.get(r.rels[i]);
                    if (resultsGain != 0) {
                        resultsDcg += resultsGain / log2(i + 2);
                    }
                }
                if (idealDcg > 0.0) {
                    sum += resultsDcg / idealDcg;
                    numChanged++;
                }
            }
            for (; ideal.gain > 0.0; i++) {
                double idealGain = ideal.next();
                if (oldIdealGain != idealGain) {
                    if (idealDcg > 0.0) {
                        sum += resultsDcg / idealDcg;
                        numChanged++;
                    }
                    oldIdealGain = idealGain;
                }
                if (idealGain > 0.0) {
                    idealDcg += idealGain / log2(i + 2);
                }
            }
            // trec_eval divides even when no point was averaged: 0/0, a NaN printed as it prints one.
            out[at] = sum / numChanged;
        }
    };

    /** m_ndcg_cut.c: gain = level (> 0 only), discount log2(rank + 1), ranking and ideal both cut at k. */
    static final Family NDCG_CUT = new Family("ndcg_cut", Family.Shape.CUT_LONG, Params.longCutoffs(PrecisionFamilies.DEFAULT_CUTOFFS),
            Family.Summary.MEAN, Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            long[] cutoffs = p.longs();
            for (int c = 0; c < cutoffs.length; c++) {
                out[at + c] = ndcgCut(r, cutoffs[c]);
            }
        }
    };

    static double ndcgCut(TopicRels r, long k) {
        double dcg = 0.0;
        int end = (int) Math.min(k, r.numRet);
        for (int i = 0; i < end; i++) {
            if (r.rels[i] > 0) {
                dcg += r.rels[i] / log2(i + 2);
            }
        }
        double ideal = 0.0;
        long pos = 0;
        int[] levelCounts = r.relLevels;
        for (int level = levelCounts.length - 1; level > 0 && pos < k; level--) {
            for (int c = 0; c < levelCounts[level] && pos < k; c++, pos++) {
                ideal += level / log2((int) pos + 2);
            }
        }
        return ideal > 0.0 ? dcg / ideal : dcg;
    }

    /** m_ndcg.c's two sums: {results dcg, ideal dcg}. */
    private static double[] dcgs(TopicRels r, Params p) {
        Gains gains = Gains.of(r, p);
        IdealWalk ideal = new IdealWalk(gains);
        double resultsDcg = 0.0;
        double idealDcg = 0.0;
        int i;
        for (i = 0; i < r.numRet && ideal.gain > 0.0; i++) {
            double resultsGain = gains.get(r.rels[i]);
            if (resultsGain != 0) {
                resultsDcg += resultsGain / log2(i + 2);
            }
            double idealGain = ideal.next();
            if (idealGain > 0.0) {
                idealDcg += idealGain / log2(i + 2);
            }
        }
        for (; i < r.numRet; i++) {
            double resultsGain = gains.get(r.rels[i]);
            if (resultsGain != 0) {
                resultsDcg += resultsGain / log2(i + 2);
            }
        }
        for (; ideal.gain > 0.0; i++) {
            double idealGain = ideal.next();
            if (idealGain > 0.0) {
                idealDcg += idealGain / log2(i + 2);
            }
        }
        return new double[] {resultsDcg, idealDcg};
    }

    /** A family of one value whose {@code -m} parameters are per-level gains ({@code G.1=3.5,2=9}). */
    private abstract static class GainFamily extends Family {
        GainFamily(String name) {
            super(name, Family.Shape.PARAM_PAIRS, Params.none(), Family.Summary.MEAN, Family.Kind.DOUBLE, true);
        }

        @Override
        Params parse(String spec, String text) {
            return checkGainLevels(spec, super.parse(spec, text), false);
        }
    }

    /**
     * Refuses a pair whose name is not an integer level ({@code rbp} and {@code rbp_resid} also take
     * {@code p}); trec_eval's {@code setup_gains} would skip it silently.
     */
    static Params checkGainLevels(String spec, Params p, boolean allowP) {
        for (String name : p.pairNames()) {
            if (!(allowP && name.equals("p")) && !isLevel(name)) {
                throw new InvalidInputException("measure '" + spec + "': '" + name + "' is not an integer relevance level"
                        + (allowP ? " or p" : ""));
            }
        }
        return p;
    }

    /** gain_init.c's {@code valid_int} (an optional sign, then digits) and a value that fits a long. */
    private static boolean isLevel(String name) {
        if (!name.matches("[+-]?[0-9]+")) {
            return false;
        }
        try {
            Long.parseLong(name);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * gain_init.c's {@code setup_gains} and {@code get_gain} for one topic: the gain of each level given as
     * {@code level=gain} (in the order given), then of each level 0..max judged for the topic not given (the
     * level itself), each with the number of judged documents at that level (the first entry of a level given
     * twice takes them). Entries are sorted by increasing gain with trec_eval's comparator
     * {@code (int) (g1 - g2)} under glibc's merge sort, so gains less than 1 apart keep their listing order, as
     * in trec_eval.
     */
    static final class Gains {
        private final long[] level;
        private final double[] gain;
        private final long[] count;
        /** Number of entries. */
        final int size;

        private Gains(long[] level, double[] gain, long[] count, int size) {
            this.level = level;
            this.gain = gain;
            this.count = count;
            this.size = size;
        }

        static Gains of(TopicRels r, Params p) {
            String[] names = p.pairNames();
            int[] levelCounts = r.relLevels;
            int max = names.length + levelCounts.length;
            long[] level = new long[max];
            double[] gain = new double[max];
            long[] count = new long[max];
            int n = 0;
            for (int i = 0; i < names.length; i++) {
                if (!isLevel(names[i])) {
                    continue;
                }
                level[n] = Long.parseLong(names[i]);
                gain[n] = p.doubles()[i];
                n++;
            }
            for (int l = 0; l < levelCounts.length; l++) {
                int j = 0;
                while (j < n && level[j] != l) {
                    j++;
                }
                if (j < n) {
                    count[j] = levelCounts[l];
                } else {
                    level[n] = l;
                    gain[n] = l;
                    count[n] = levelCounts[l];
                    n++;
                }
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            glibcMergeSort(order, new int[n], 0, n, gain);
            long[] sortedLevel = new long[n];
            double[] sortedGain = new double[n];
            long[] sortedCount = new long[n];
            for (int i = 0; i < n; i++) {
                sortedLevel[i] = level[order[i]];
                sortedGain[i] = gain[order[i]];
                sortedCount[i] = count[order[i]];
            }
            return new Gains(sortedLevel, sortedGain, sortedCount, n);
        }

        /** {@code get_gain}: the gain of the first entry (in sorted order) for {@code relLevel}, 0 if none. */
        double get(long relLevel) {
            for (int i = 0; i < size; i++) {
                if (level[i] == relLevel) {
                    return gain[i];
                }
            }
            return 0.0;
        }

        /** Gain of entry {@code i} in sorted order. */
        double gainAt(int i) {
            return gain[i];
        }

        /** Judged documents at entry {@code i}'s level (0 for a level given but not judged). */
        long countAt(int i) {
            return count[i];
        }

        /** Replaces entry {@code i}'s gain (m_rbp.c rescales them). */
        void setGainAt(int i, double g) {
            gain[i] = g;
        }

        /** glibc {@code msort}: top-down, n1 = n / 2, stable, with trec_eval's comparator {@code comp_rel_gain}. */
        private static void glibcMergeSort(int[] a, int[] tmp, int from, int to, double[] gain) {
            int len = to - from;
            if (len <= 1) {
                return;
            }
            int n1 = len / 2;
            int mid = from + n1;
            glibcMergeSort(a, tmp, from, mid, gain);
            glibcMergeSort(a, tmp, mid, to, gain);
            int i = from;
            int j = mid;
            int k = 0;
            while (i < mid && j < to) {
                if (compRelGain(gain[a[i]], gain[a[j]]) <= 0) {
                    tmp[k++] = a[i++];
                } else {
                    tmp[k++] = a[j++];
                }
            }
            while (i < mid) {
                tmp[k++] = a[i++];
            }
            System.arraycopy(tmp, 0, a, from, k);
        }

        /**
         * {@code comp_rel_gain}: the difference of the gains converted to C's int, which truncates; x86's
         * conversion gives INT_MIN for a difference out of int's range or NaN (Java's cast would saturate).
         */
        private static int compRelGain(double g1, double g2) {
            double d = g1 - g2;
            return d > -2147483649.0 && d < 2147483648.0 ? (int) d : Integer.MIN_VALUE;
        }
    }

    /**
     * The ideal ranking as m_ndcg.c, m_ndcg_rel.c, m_Rndcg.c and m_G.c walk it ({@code cur_level},
     * {@code num_at_level}): from the last (highest-gain) entry of the {@link Gains} down, each entry for as
     * many positions as it has judged documents. {@link #gain} starts as the last entry's gain, even when that
     * level has no documents; the families stop walking once it is not positive.
     */
    static final class IdealWalk {
        private final Gains gains;
        private int cur;
        private long numAtLevel;
        /** The ideal gain at the current position (0 past the first entry). */
        double gain;

        IdealWalk(Gains gains) {
            this.gains = gains;
            this.cur = gains.size - 1;
            this.gain = cur >= 0 ? gains.gainAt(cur) : 0.0;
        }

        /** Moves to the next ideal position and returns its gain. */
        double next() {
            numAtLevel++;
            while (cur >= 0 && numAtLevel > gains.countAt(cur)) {
                numAtLevel = 1;
                cur--;
                gain = cur >= 0 ? gains.gainAt(cur) : 0.0;
            }
            return gain;
        }
    }

    private static final double INV_LN2_HI = 1.4426950408889634;
    private static final double INV_LN2_LO = 2.0355273740931033e-17;
    private static final int SERIES_TERMS = 24;
    private static final double[] INV_ODD_HI = new double[SERIES_TERMS];
    private static final double[] INV_ODD_LO = new double[SERIES_TERMS];
    private static final double[] LOG2_OF_INT = new double[4098];

    static {
        for (int k = 0; k < SERIES_TERMS; k++) {
            double d = 2 * k + 1;
            INV_ODD_HI[k] = 1.0 / d;
            INV_ODD_LO[k] = Math.fma(-INV_ODD_HI[k], d, 1.0) / d;
        }
        for (int i = 1; i < LOG2_OF_INT.length; i++) {
            LOG2_OF_INT[i] = computeLog2(i);
        }
    }

    /** C's {@code log2} of a positive integer (tabulated for the usual depths). */
    static double log2(int x) {
        return x > 0 && x < LOG2_OF_INT.length ? LOG2_OF_INT[x] : computeLog2(x);
    }

    /** C's {@code log2}: {@link #computeLog2}, tabulated for small integers. */
    static double log2(double x) {
        int i = (int) x;
        return i == x && i > 0 && i < LOG2_OF_INT.length ? LOG2_OF_INT[i] : computeLog2(x);
    }

    /**
     * log2 rounded to the nearest double, as glibc's {@code log2} gives it (but for its rare misroundings);
     * {@code Math.log(x) / Math.log(2)} is an ulp off for about a third of the integers, which a 4-decimal
     * print can show. x = 2^e * m with m in [sqrt(1/2), sqrt(2)]; ln m = 2 atanh((m-1)/(m+1)) summed in
     * double-double arithmetic, times 1/ln 2 in double-double, plus e.
     */
    static double computeLog2(double x) {
        if (!(x > 0.0) || Double.isInfinite(x)) {
            return Math.log(x) / Math.log(2.0);
        }
        if (x < Double.MIN_NORMAL) {
            return computeLog2(x * 0x1p54) - 54;
        }
        int e = Math.getExponent(x);
        double m = x / Math.scalb(1.0, e);
        if (m > 1.4142135623730951) {
            m *= 0.5;
            e++;
        }
        double num = m - 1.0;
        // den + denLo = m + 1 exactly (two-sum)
        double den = m + 1.0;
        double bv = den - m;
        double denLo = (m - (den - bv)) + (1.0 - bv);
        double zh = num / den;
        double zl = (Math.fma(-zh, den, num) - zh * denLo) / den;
        double s = zh + zl;
        zl = zl - (s - zh);
        zh = s;
        // w = z^2
        double wh = zh * zh;
        double wl = Math.fma(zh, zh, -wh) + 2 * zh * zl;
        s = wh + wl;
        wl = wl - (s - wh);
        wh = s;
        // p = sum_k w^k / (2k + 1), Horner
        double ph = INV_ODD_HI[SERIES_TERMS - 1];
        double pl = INV_ODD_LO[SERIES_TERMS - 1];
        for (int k = SERIES_TERMS - 2; k >= 0; k--) {
            double h = ph * wh;
            double l = Math.fma(ph, wh, -h) + (ph * wl + pl * wh);
            s = h + l;
            l = l - (s - h);
            h = s;
            double sh = INV_ODD_HI[k] + h;
            double b = sh - INV_ODD_HI[k];
            double se = (INV_ODD_HI[k] - (sh - b)) + (h - b) + (INV_ODD_LO[k] + l);
            ph = sh + se;
            pl = se - (ph - sh);
        }
        // ln m = 2 z p
        double h = zh * ph;
        double l = Math.fma(zh, ph, -h) + (zh * pl + zl * ph);
        s = h + l;
        l = 2 * (l - (s - h));
        h = 2 * s;
        // log2 m = ln m / ln 2
        double th = h * INV_LN2_HI;
        double tl = Math.fma(h, INV_LN2_HI, -th) + (h * INV_LN2_LO + l * INV_LN2_HI);
        // + e
        double r = e + th;
        double b = r - e;
        double re = (e - (r - b)) + (th - b);
        return r + (re + tl);
    }
}
