package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.trec.Prefs;
import dev.assay.ranking.trec.TopicRanking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * trec_eval's {@code RESULTS_PREFS} ({@code form_prefs_counts.c}) for one topic: the preferences of the prefs file
 * set against the ranking. Every judged document gets an internal id ("docid rank"): the judged documents the run
 * retrieved get 0..{@link #numJudgedRet}-1 in rank order, the others the following ids in docno order. Per judgment
 * group (JG), preferences are kept as equivalence classes of equal level when the group has one sub-group (JSG), or
 * as a preference matrix closed under transitivity when it has several; each JG counts the preferences fulfilled
 * and possible among retrieved documents ({@code _ret}), with one of the two retrieved ({@code _imp}) and with
 * neither ({@code notoccur}), and its relevant (level > 0) and non-relevant (level 0) documents. {@link #count}
 * is trec_eval's counts array: how many JGs prefer i to j.
 *
 * <p>As in trec_eval, the ranking for preferences breaks score ties by docno ascending (its {@code comp_sim_docno}
 * there), unlike the qrels measures, and -M applies; -J does not. Inconsistent preferences, which trec_eval reports
 * on stderr before stopping (or aborting), are an {@link InvalidInputException} naming the file, topic and group.
 */
final class PrefsCounts {
    /** Number of distinct documents in the topic's preferences. */
    final int numJudged;
    /** Number of those the run retrieved (after -M). */
    final int numJudgedRet;
    /** The judgment groups, in id order. */
    final List<Jg> jgs;
    /** numJudged x numJudged, unsigned 16-bit like trec_eval's {@code unsigned short} counts. */
    private final char[] counts;

    /** The prefs file and topic, for messages. */
    final String source;
    final String topic;

    private PrefsCounts(String source, String topic, int numJudged, int numJudgedRet, List<Jg> jgs, char[] counts) {
        this.source = source;
        this.topic = topic;
        this.numJudged = numJudged;
        this.numJudgedRet = numJudgedRet;
        this.jgs = jgs;
        this.counts = counts;
    }

    /** Number of judgment groups preferring the document with internal id {@code i} to the one with {@code j}. */
    int count(int i, int j) {
        return counts[i * numJudged + j];
    }

    /** One judgment group's preferences and counts (trec_eval's {@code JG}). */
    static final class Jg {
        /** The group's id. */
        final String id;
        /** Levels of the equivalence classes, decreasing; null when the group uses a preference matrix. */
        final double[] ecLevels;
        /** Internal ids of each equivalence class, increasing; null when the group uses a preference matrix. */
        final int[][] ecRanks;
        /** The transitive preference matrix, one bit set per row: bit j of row i when i is preferred to j; or null. */
        final long[][] matrix;
        /** The level of each internal id in this group (-1 when the group does not judge it); null with classes. */
        final double[] relArray;
        long fulfilledRet;
        long possibleRet;
        long fulfilledImp;
        long possibleImp;
        long possibleNotoccur;
        long nonrel;
        long nonrelRet;
        long rel;
        long relRet;

        private Jg(String id, double[] ecLevels, int[][] ecRanks, long[][] matrix, double[] relArray) {
            this.id = id;
            this.ecLevels = ecLevels;
            this.ecRanks = ecRanks;
            this.matrix = matrix;
            this.relArray = relArray;
        }

        /** Whether the preferences are equivalence classes (one sub-group) rather than a matrix. */
        boolean usesClasses() {
            return ecRanks != null;
        }

        /** Whether the matrix prefers internal id {@code i} to {@code j}. */
        boolean prefers(int i, int j) {
            return (matrix[i][j >>> 6] & (1L << j)) != 0;
        }
    }

    static PrefsCounts of(Prefs prefs, String topic, TopicRanking ranking, EvalOptions options) {
        Prefs.Judgments js = prefs.judgments(topic);
        int lines = js == null ? 0 : js.size();
        // the judged documents
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < lines; i++) {
            ids.put(js.docno(i), -1);
        }
        // retrieved ones in trec_eval's prefs order (score descending, docno ascending), after -M
        String[] order = ranking.docnos();
        double[] scores = ranking.scores();
        for (int from = 0; from < order.length; ) {
            int to = from + 1;
            while (to < order.length && scores[to] == scores[from]) {
                to++;
            }
            for (int a = from, b = to - 1; a < b; a++, b--) {
                String t = order[a];
                order[a] = order[b];
                order[b] = t;
            }
            from = to;
        }
        int n = (int) Math.min(order.length, options.maxRetrieved());
        int next = 0;
        for (int i = 0; i < n; i++) {
            Integer id = ids.get(order[i]);
            if (id != null) {
                ids.put(order[i], next++);
            }
        }
        int numJudgedRet = next;
        List<String> unretrieved = new ArrayList<>();
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            if (e.getValue() < 0) {
                unretrieved.add(e.getKey());
            }
        }
        unretrieved.sort(null);
        for (String d : unretrieved) {
            ids.put(d, next++);
        }
        int numJudged = next;
        if ((long) numJudged * numJudged > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException(prefs.source() + ": topic " + topic + " has " + numJudged
                    + " judged documents, too many for the preference measures");
        }
        String[] docnoOf = new String[numJudged];
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            docnoOf[e.getValue()] = e.getKey();
        }
        // lines sorted by jg, jsg, level descending, internal id
        int[] rank = new int[lines];
        Integer[] idx = new Integer[lines];
        for (int i = 0; i < lines; i++) {
            rank[i] = ids.get(js.docno(i));
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> {
            int c = js.jg(x).compareTo(js.jg(y));
            if (c != 0) {
                return c;
            }
            c = js.jsg(x).compareTo(js.jsg(y));
            if (c != 0) {
                return c;
            }
            if (js.level(x) > js.level(y)) {
                return -1;
            }
            if (js.level(x) < js.level(y)) {
                return 1;
            }
            return Integer.compare(rank[x], rank[y]);
        });
        Line[] sorted = new Line[lines];
        for (int i = 0; i < lines; i++) {
            int k = idx[i];
            sorted[i] = new Line(js.jg(k), js.jsg(k), js.level(k), rank[k]);
        }
        char[] counts = new char[numJudged * numJudged];
        Builder b = new Builder(prefs.source(), topic, numJudged, numJudgedRet, counts, docnoOf);
        List<Jg> jgs = new ArrayList<>();
        int start = 0;
        while (start < lines) {
            int end = start + 1;
            int subGroups = 1;
            while (end < lines && sorted[end].jg.equals(sorted[start].jg)) {
                if (!sorted[end].jsg.equals(sorted[end - 1].jsg)) {
                    subGroups++;
                }
                end++;
            }
            jgs.add(subGroups > 1 ? b.matrixGroup(sorted, start, end) : b.classGroup(sorted, start, end));
            start = end;
        }
        return new PrefsCounts(prefs.source(), topic, numJudged, numJudgedRet, List.copyOf(jgs), counts);
    }

    /** One preference line with its document's internal id. */
    private record Line(String jg, String jsg, double level, int rank) {}

    /** Forms the judgment groups of one topic. */
    private record Builder(String source, String topic, int numJudged, int numJudgedRet, char[] counts, String[] docnoOf) {

        /** {@code form_jg_ec} and {@code add_ec_pref_to_jg}: a group with one sub-group, as classes of equal level. */
        Jg classGroup(Line[] lines, int start, int end) {
            List<double[]> levels = new ArrayList<>();
            List<int[]> classes = new ArrayList<>();
            int from = start;
            while (from < end) {
                int to = from + 1;
                while (to < end && lines[to].level == lines[from].level) {
                    to++;
                }
                int[] ranks = new int[to - from];
                for (int i = from; i < to; i++) {
                    ranks[i - from] = lines[i].rank;
                }
                levels.add(new double[] {lines[from].level});
                classes.add(ranks);
                from = to;
            }
            double[] ecLevels = new double[levels.size()];
            for (int i = 0; i < ecLevels.length; i++) {
                ecLevels[i] = levels.get(i)[0];
            }
            int[][] ecRanks = classes.toArray(int[][]::new);
            Jg jg = new Jg(lines[start].jg, ecLevels, ecRanks, null, null);
            for (int ec1 = 0; ec1 < ecRanks.length; ec1++) {
                int[] r1 = ecRanks[ec1];
                int ret = 0;
                while (ret < r1.length && r1[ret] < numJudgedRet) {
                    ret++;
                }
                if (ecLevels[ec1] > 0.0) {
                    jg.relRet += ret;
                    jg.rel += r1.length;
                } else {
                    jg.nonrelRet += ret;
                    jg.nonrel += r1.length;
                }
                for (int ec2 = ec1 + 1; ec2 < ecRanks.length; ec2++) {
                    for (int p1 : r1) {
                        for (int p2 : ecRanks[ec2]) {
                            counts[p1 * numJudged + p2]++;
                            if (p1 == p2) {
                                throw new InvalidInputException(source + ": topic " + topic + ", judgment group " + lines[start].jg
                                        + ": document " + docnoOf[p1] + " has two different levels in one judgment sub-group");
                            }
                            if (p1 < p2) {
                                if (p2 < numJudgedRet) {
                                    jg.fulfilledRet++;
                                } else if (p1 < numJudgedRet) {
                                    jg.fulfilledImp++;
                                } else {
                                    jg.possibleNotoccur++;
                                }
                            } else if (p1 < numJudgedRet) {
                                jg.possibleRet++;
                            } else if (p2 < numJudgedRet) {
                                jg.possibleImp++;
                            } else {
                                jg.possibleNotoccur++;
                            }
                        }
                    }
                }
            }
            jg.possibleRet += jg.fulfilledRet;
            jg.possibleImp += jg.fulfilledImp;
            return jg;
        }

        /** {@code form_jg_pa}, {@code add_transitives} and {@code add_pa_pref_to_jg}: a group with several sub-groups. */
        Jg matrixGroup(Line[] lines, int start, int end) {
            int words = (numJudged + 63) >>> 6;
            long[][] a = new long[numJudged][words];
            double[] relArray = new double[numJudged];
            Arrays.fill(relArray, -1.0);
            String jgId = lines[start].jg;
            for (int i = start; i < end; i++) {
                Line l = lines[i];
                double was = relArray[l.rank];
                if ((was > 0.0 && l.level == 0.0) || (was == 0.0 && l.level > 0.0)) {
                    throw new InvalidInputException(source + ": topic " + topic + ", judgment group " + jgId + ": document "
                            + docnoOf[l.rank] + " has both level 0 and a level above 0");
                }
                relArray[l.rank] = l.level;
                int j = i + 1;
                while (j < end && lines[j].jsg.equals(l.jsg) && lines[j].level == l.level) {
                    j++;
                }
                while (j < end && lines[j].jsg.equals(l.jsg)) {
                    a[l.rank][lines[j].rank >>> 6] |= 1L << lines[j].rank;
                    j++;
                }
            }
            // the reflexive transitive closure (trec_eval multiplies the matrix by itself until it no longer changes)
            for (int i = 0; i < numJudged; i++) {
                a[i][i >>> 6] |= 1L << i;
            }
            for (int k = 0; k < numJudged; k++) {
                long[] rowK = a[k];
                long bit = 1L << k;
                int w = k >>> 6;
                for (int i = 0; i < numJudged; i++) {
                    if ((a[i][w] & bit) != 0 && i != k) {
                        long[] rowI = a[i];
                        for (int x = 0; x < words; x++) {
                            rowI[x] |= rowK[x];
                        }
                    }
                }
            }
            for (int i = 0; i < numJudged; i++) {
                a[i][i >>> 6] &= ~(1L << i);
            }
            Jg jg = new Jg(jgId, null, null, a, relArray);
            for (int i = 0; i < numJudged; i++) {
                long[] row = a[i];
                for (int x = 0; x < words; x++) {
                    long bits = row[x];
                    while (bits != 0) {
                        int j = (x << 6) + Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                        if (jg.prefers(j, i)) {
                            throw new InvalidInputException(source + ": topic " + topic + ", judgment group " + jgId
                                    + ": inconsistent preferences, " + docnoOf[i] + " and " + docnoOf[j]
                                    + " are each preferred to the other");
                        }
                        counts[i * numJudged + j]++;
                        if (i < numJudgedRet) {
                            if (j < i) {
                                jg.possibleRet++;
                            } else if (j < numJudgedRet) {
                                jg.fulfilledRet++;
                            } else {
                                jg.fulfilledImp++;
                            }
                        } else if (j < numJudgedRet) {
                            jg.possibleImp++;
                        } else {
                            jg.possibleNotoccur++;
                        }
                    }
                }
            }
            for (int i = 0; i < numJudged; i++) {
                boolean ret = i < numJudgedRet;
                if (relArray[i] > 0.0) {
                    jg.rel++;
                    if (ret) {
                        jg.relRet++;
                    }
                } else if (relArray[i] == 0.0) {
                    jg.nonrel++;
                    if (ret) {
                        jg.nonrelRet++;
                    }
                }
            }
            jg.possibleRet += jg.fulfilledRet;
            jg.possibleImp += jg.fulfilledImp;
            return jg;
        }
    }
}
