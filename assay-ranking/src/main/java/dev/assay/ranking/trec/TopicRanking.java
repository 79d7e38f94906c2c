package dev.assay.ranking.trec;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * One topic's ranking in trec_eval's order, as parallel arrays: score descending, ties broken by
 * docno descending (byte-wise, like {@code strcmp}); the run file's rank column plays no part.
 */
public final class TopicRanking {
    private final String topic;
    private final String[] docnos;
    private final double[] scores;

    private TopicRanking(String topic, String[] docnos, double[] scores) {
        this.topic = topic;
        this.docnos = docnos;
        this.scores = scores;
    }

    /**
     * A ranking from unordered (docno, score) pairs; sorts them into trec_eval's order.
     *
     * @throws IllegalArgumentException on a duplicate docno, a non-finite score or mismatched lengths
     */
    public static TopicRanking of(String topic, String[] docnos, double[] scores) {
        Objects.requireNonNull(topic, "topic");
        if (docnos.length != scores.length) {
            throw new IllegalArgumentException("docnos and scores differ in length: " + docnos.length + " vs " + scores.length);
        }
        DocnoTable seen = new DocnoTable(docnos.length);
        for (int i = 0; i < docnos.length; i++) {
            Objects.requireNonNull(docnos[i], "docno");
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score must be finite, but was " + scores[i] + " for " + docnos[i]);
            }
            if (seen.putIfAbsent(docnos[i], i) >= 0) {
                throw new IllegalArgumentException("duplicate docno " + docnos[i] + " in topic " + topic);
            }
        }
        return sorted(topic, docnos.clone(), scores.clone(), docnos.length);
    }

    /** Sorts the first {@code n} entries (which the caller owns) into trec_eval order. */
    static TopicRanking sorted(String topic, String[] docnos, double[] scores, int n) {
        boolean inOrder = inOrder(docnos, scores, n);
        String[] d = new String[n];
        double[] s = new double[n];
        if (inOrder) {
            System.arraycopy(docnos, 0, d, 0, n);
            System.arraycopy(scores, 0, s, 0, n);
        } else {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            mergeSort(order, new int[n], 0, n, docnos, scores);
            for (int i = 0; i < n; i++) {
                d[i] = docnos[order[i]];
                s[i] = scores[order[i]];
            }
        }
        return new TopicRanking(topic, d, s);
    }

    /** A ranking over arrays handed over by the caller (equal lengths, no duplicates, finite scores): kept as they are when already in trec_eval order, else sorted into new arrays. */
    static TopicRanking sortedOwned(String topic, String[] docnos, double[] scores) {
        if (inOrder(docnos, scores, docnos.length) || sortTiesInPlace(docnos, scores)) {
            return new TopicRanking(topic, docnos, scores);
        }
        return sorted(topic, docnos, scores, docnos.length);
    }

    /**
     * Run files usually list scores from high to low already and differ from trec_eval's order only inside a
     * group of tied scores (often docno ascending where trec_eval wants descending). Sorts each tie group's
     * docnos in place and returns true in that case; returns false, changing nothing, when the scores are not
     * non-increasing or a group mixes 0.0 and -0.0 (whose docnos could not move without their scores).
     */
    private static boolean sortTiesInPlace(String[] docnos, double[] scores) {
        int n = scores.length;
        for (int i = 1; i < n; i++) {
            if (scores[i] > scores[i - 1] || (scores[i] == scores[i - 1]
                    && Double.doubleToRawLongBits(scores[i]) != Double.doubleToRawLongBits(scores[i - 1]))) {
                return false;
            }
        }
        int from = 0;
        while (from < n) {
            int to = from + 1;
            while (to < n && scores[to] == scores[from]) {
                to++;
            }
            if (to - from > 1) {
                Arrays.sort(docnos, from, to, Comparator.reverseOrder());
            }
            from = to;
        }
        return true;
    }

    private static boolean inOrder(String[] docnos, double[] scores, int n) {
        for (int i = 1; i < n; i++) {
            if (compare(scores[i - 1], docnos[i - 1], scores[i], docnos[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /** trec_eval's {@code comp_sim_docno}: higher score first, then the larger docno first. */
    private static int compare(double s1, String d1, double s2, String d2) {
        if (s1 > s2) {
            return -1;
        }
        if (s1 < s2) {
            return 1;
        }
        return d2.compareTo(d1);
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, String[] d, double[] s) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, d, s);
        mergeSort(a, tmp, mid, to, d, s);
        if (compare(s[a[mid - 1]], d[a[mid - 1]], s[a[mid]], d[a[mid]]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compare(s[tmp[i]], d[tmp[i]], s[tmp[j]], d[tmp[j]]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** The topic id. */
    public String topic() {
        return topic;
    }

    /** Number of retrieved documents. */
    public int size() {
        return docnos.length;
    }

    /** The docno at 0-based position {@code i} in trec_eval order. */
    public String docno(int i) {
        return docnos[i];
    }

    /** The score at 0-based position {@code i} in trec_eval order. */
    public double score(int i) {
        return scores[i];
    }

    /** A copy of the docnos in trec_eval order. */
    public String[] docnos() {
        return docnos.clone();
    }

    /** A copy of the scores in trec_eval order. */
    public double[] scores() {
        return scores.clone();
    }

    /** Whether {@code other} ranks the same documents in the same order with the same scores (topic ids aside). */
    public boolean sameRanking(TopicRanking other) {
        return java.util.Arrays.equals(docnos, other.docnos) && java.util.Arrays.equals(scores, other.scores);
    }
}
