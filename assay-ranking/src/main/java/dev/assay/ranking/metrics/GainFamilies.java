package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;

/** trec_eval's graded-gain families {@code ndcg} and {@code ndcg_cut}. */
final class GainFamilies {
    private GainFamilies() {}

    private static final double LN2 = Math.log(2.0);
    private static final double[] LOG2 = new double[4098];

    static {
        for (int i = 0; i < LOG2.length; i++) {
            LOG2[i] = Math.log(i) / LN2;
        }
    }

    /** log2 of a positive integer (tabulated for the usual depths). */
    static double log2(int x) {
        return x < LOG2.length ? LOG2[x] : Math.log(x) / LN2;
    }

    /**
     * m_ndcg.c: gain = relevance level unless overridden per level ({@code ndcg.1=3,2=9}), discount
     * log2(rank + 1), over the whole ranking; the ideal from the judged levels.
     */
    static final Family NDCG = new Family("ndcg", Family.Shape.PARAM_PAIRS, Params.none(), Family.Summary.MEAN, Family.Kind.DOUBLE, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            TopicRels r = in.rels();
            out[at] = ndcg(r, gains(p));
        }

        @Override
        Params parse(String spec, String text) {
            Params p = super.parse(spec, text);
            for (String level : p.pairNames()) {
                try {
                    Long.parseLong(level.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("measure '" + spec + "': gain level '" + level + "' is not an integer");
                }
            }
            return p;
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

    private static long[] levels(Params p) {
        long[] out = new long[p.pairNames().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Long.parseLong(p.pairNames()[i].strip());
        }
        return out;
    }

    private record Gains(long[] levels, double[] gains) {}

    private static Gains gains(Params p) {
        return new Gains(levels(p), p.doubles());
    }

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

    /**
     * m_ndcg.c with {@code setup_gains}: the gain of each level is its override or the level itself;
     * levels are ordered by gain with trec_eval's comparator {@code (int) (g1 - g2)} under glibc's
     * stable merge sort (so gains less than 1 apart keep their listing order, as trec_eval does), and
     * the ideal ranking walks them from the top while the gain is positive.
     */
    private static double ndcg(TopicRels r, Gains overrides) {
        int[] levelCounts = r.relLevels;
        int numLevels = levelCounts.length;
        long[] level = new long[overrides.levels().length + numLevels];
        double[] gain = new double[level.length];
        int[] count = new int[level.length];
        int n = 0;
        for (int i = 0; i < overrides.levels().length; i++) {
            level[n] = overrides.levels()[i];
            gain[n] = overrides.gains()[i];
            n++;
        }
        for (int l = 0; l < numLevels; l++) {
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

        double dcg = 0.0;
        for (int i = 0; i < r.numRet; i++) {
            double g = 0.0;
            for (int j = 0; j < n; j++) {
                if (level[order[j]] == r.rels[i]) {
                    g = gain[order[j]];
                    break;
                }
            }
            if (g != 0) {
                dcg += g / log2(i + 2);
            }
        }
        double ideal = 0.0;
        int pos = 0;
        // trec_eval starts the ideal walk only when the top level's gain is positive, even if that level is empty.
        for (int j = n > 0 && gain[order[n - 1]] > 0.0 ? n - 1 : -1; j >= 0; j--) {
            double g = gain[order[j]];
            int c = count[order[j]];
            if (c == 0) {
                continue;
            }
            if (g <= 0.0) {
                break;
            }
            for (int x = 0; x < c; x++, pos++) {
                ideal += g / log2(pos + 2);
            }
        }
        return ideal > 0.0 ? dcg / ideal : 0.0;
    }

    /** glibc {@code msort}: top-down, n1 = n / 2, stable, with trec_eval's truncating comparator. */
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
            if ((int) (gain[a[i]] - gain[a[j]]) <= 0) {
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
}
