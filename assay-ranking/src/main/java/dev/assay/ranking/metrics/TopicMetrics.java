package dev.assay.ranking.metrics;

import java.util.List;

/**
 * One topic's measures from trec_eval's inputs: {@code rels}, the judgment level of each retrieved
 * document in rank order (negative when unjudged or not in the pool), and {@code levelCounts}, the
 * number of judged documents at each level 0..max. Each method follows the named trec_eval source.
 */
final class TopicMetrics {
    private TopicMetrics() {}

    static double compute(Measure m, int[] rels, int[] levelCounts, int relevanceLevel) {
        return switch (m) {
            case Measure.AveragePrecision a -> averagePrecision(rels, relevant(levelCounts, relevanceLevel), relevanceLevel);
            case Measure.ReciprocalRank r -> reciprocalRank(rels, relevanceLevel);
            case Measure.Precision p -> relevantInTop(rels, p.k(), relevanceLevel) / (double) p.k();
            case Measure.Recall r -> {
                int numRel = relevant(levelCounts, relevanceLevel);
                yield numRel == 0 ? 0.0 : relevantInTop(rels, r.k(), relevanceLevel) / (double) numRel;
            }
            case Measure.Ndcg n -> ndcg(rels, levelCounts, n.gains());
            case Measure.NdcgCut c -> ndcgCut(rels, levelCounts, c.k());
        };
    }

    static int relevant(int[] levelCounts, int relevanceLevel) {
        int n = 0;
        for (int l = relevanceLevel; l < levelCounts.length; l++) {
            n += levelCounts[l];
        }
        return n;
    }

    /** m_map.c. */
    static double averagePrecision(int[] rels, int numRel, int relevanceLevel) {
        double sum = 0.0;
        long relSoFar = 0;
        for (int i = 0; i < rels.length; i++) {
            if (rels[i] >= relevanceLevel) {
                relSoFar++;
                sum += (double) relSoFar / (double) (i + 1);
            }
        }
        return relSoFar == 0 ? 0.0 : sum / (double) numRel;
    }

    /** m_recip_rank.c. */
    static double reciprocalRank(int[] rels, int relevanceLevel) {
        for (int i = 0; i < rels.length; i++) {
            if (rels[i] >= relevanceLevel) {
                return 1.0 / (double) (i + 1);
            }
        }
        return 0.0;
    }

    /** m_P.c / m_recall.c numerator. */
    static int relevantInTop(int[] rels, int k, int relevanceLevel) {
        int n = 0;
        int end = Math.min(k, rels.length);
        for (int i = 0; i < end; i++) {
            if (rels[i] >= relevanceLevel) {
                n++;
            }
        }
        return n;
    }

    private static final double LN2 = Math.log(2.0);
    private static final double[] LOG2 = new double[4098];

    static {
        for (int i = 0; i < LOG2.length; i++) {
            LOG2[i] = Math.log(i) / LN2;
        }
    }

    /** log2 of a positive integer (tabulated for the usual depths). */
    private static double log2(int x) {
        return x < LOG2.length ? LOG2[x] : Math.log(x) / LN2;
    }

    /** m_ndcg_cut.c: gain = level (> 0 only), discount log2(rank + 1), ideal from the judged levels, both cut at k. */
    static double ndcgCut(int[] rels, int[] levelCounts, int k) {
        double dcg = 0.0;
        int end = Math.min(k, rels.length);
        for (int i = 0; i < end; i++) {
            if (rels[i] > 0) {
                dcg += rels[i] / log2(i + 2);
            }
        }
        double ideal = 0.0;
        int pos = 0;
        for (int level = levelCounts.length - 1; level > 0 && pos < k; level--) {
            for (int c = 0; c < levelCounts[level] && pos < k; c++, pos++) {
                ideal += level / log2(pos + 2);
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
    static double ndcg(int[] rels, int[] levelCounts, List<Measure.Gain> overrides) {
        int numLevels = levelCounts.length;
        long[] level = new long[overrides.size() + numLevels];
        double[] gain = new double[level.length];
        int[] count = new int[level.length];
        int n = 0;
        for (Measure.Gain g : overrides) {
            level[n] = g.level();
            gain[n] = g.gain();
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
        for (int i = 0; i < rels.length; i++) {
            double g = 0.0;
            for (int j = 0; j < n; j++) {
                if (level[order[j]] == rels[i]) {
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
