package dev.assay.ranking.metrics;

/**
 * trec_eval's preference families ({@code m_prefs_*.c}), read from {@code -R prefs} or {@code -R qrels_prefs}
 * through {@link TopicInput#prefs()} ({@code form_prefs_counts.c}). "Fulfilled" preferences A > B are those the
 * ranking puts in order; {@code _ret} variants count only pairs with both documents retrieved, {@code _imp}
 * variants also pairs with one retrieved, the plain ones every pair (neither retrieved counts as a failure).
 */
final class PrefsFamilies {
    private PrefsFamilies() {}

    /** A single-valued family read from prefs: a mean of doubles, or a sum of counts. */
    private abstract static class PrefsFamily extends Family {
        PrefsFamily(String name, boolean count) {
            super(name, Shape.SINGLE, Params.none(), count ? Summary.SUM : Summary.MEAN, count ? Kind.LONG : Kind.DOUBLE, true);
        }

        @Override
        Needs needs() {
            return Needs.PREFS;
        }

        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = value(in.prefs());
        }

        abstract double value(PrefsCounts rp);
    }

    /** What a JG's ratio counts: which of its fulfilled and possible counts. */
    private enum Scope {
        ALL, RET, IMP;

        long fulfilled(PrefsCounts.Jg g) {
            return this == RET ? g.fulfilledRet : g.fulfilledRet + g.fulfilledImp;
        }

        long possible(PrefsCounts.Jg g) {
            return switch (this) {
                case ALL -> g.possibleRet + g.possibleImp + g.possibleNotoccur;
                case RET -> g.possibleRet;
                case IMP -> g.possibleRet + g.possibleImp;
            };
        }
    }

    /** m_prefs_simp*.c: preferences fulfilled over preferences possible, summed over the JGs (0 with none possible). */
    private static Family simple(String name, Scope scope) {
        return new PrefsFamily(name, false) {
            @Override
            double value(PrefsCounts rp) {
                long ful = 0;
                long poss = 0;
                for (PrefsCounts.Jg g : rp.jgs) {
                    ful += scope.fulfilled(g);
                    poss += scope.possible(g);
                }
                return poss != 0 ? (double) ful / (double) poss : 0.0;
            }
        };
    }

    /** m_prefs_avgjg*.c: each JG's ratio of fulfilled to possible (JGs with none possible add 0), averaged over the JGs. */
    private static Family averagedOverGroups(String name, Scope scope) {
        return new PrefsFamily(name, false) {
            @Override
            double value(PrefsCounts rp) {
                double sum = 0.0;
                for (PrefsCounts.Jg g : rp.jgs) {
                    long poss = scope.possible(g);
                    if (poss != 0) {
                        sum += (double) scope.fulfilled(g) / (double) poss;
                    }
                }
                return sum > 0.0 ? sum / (double) rp.jgs.size() : 0.0;
            }
        };
    }

    /**
     * m_prefs_pair*.c: over document pairs with a preference either way, the share of JGs preferring them in
     * ranking order; {@code pairs} is how far the pairs reach: both retrieved (1), also one retrieved (2), also
     * neither retrieved, which count as pairs with no fulfilled preference (3).
     */
    private static Family pairs(String name, int reach) {
        return new PrefsFamily(name, false) {
            @Override
            double value(PrefsCounts rp) {
                int njr = rp.numJudgedRet;
                int nj = rp.numJudged;
                double sum = 0;
                long numPairs = 0;
                for (int i = 0; i < njr; i++) {
                    for (int j = i + 1; j < njr; j++) {
                        int ij = rp.count(i, j);
                        int ji = rp.count(j, i);
                        if (ij != 0 || ji != 0) {
                            numPairs++;
                            sum += (double) ij / (double) (ij + ji);
                        }
                    }
                }
                if (reach >= 2) {
                    for (int i = 0; i < njr; i++) {
                        for (int j = njr; j < nj; j++) {
                            int ij = rp.count(i, j);
                            int ji = rp.count(j, i);
                            if (ij != 0 || ji != 0) {
                                numPairs++;
                                sum += (double) ij / (double) (ij + ji);
                            }
                        }
                    }
                }
                if (reach >= 3) {
                    for (int i = njr; i < nj; i++) {
                        for (int j = i + 1; j < nj; j++) {
                            if (rp.count(i, j) != 0 || rp.count(j, i) != 0) {
                                numPairs++;
                            }
                        }
                    }
                }
                return numPairs != 0 ? sum / (double) numPairs : 0.0;
            }
        };
    }

    /** m_prefs_num_prefs_poss.c: preferences possible, whether retrieved or not; summed over topics. */
    static final Family NUM_PREFS_POSS = new PrefsFamily("prefs_num_prefs_poss", true) {
        @Override
        double value(PrefsCounts rp) {
            long poss = 0;
            for (PrefsCounts.Jg g : rp.jgs) {
                poss += g.possibleRet + g.possibleImp + g.possibleNotoccur;
            }
            return poss;
        }
    };

    /** m_prefs_num_prefs_ful.c: preferences fulfilled, implied ones included; summed over topics. */
    static final Family NUM_PREFS_FUL = new PrefsFamily("prefs_num_prefs_ful", true) {
        @Override
        double value(PrefsCounts rp) {
            long ful = 0;
            for (PrefsCounts.Jg g : rp.jgs) {
                ful += g.fulfilledRet + g.fulfilledImp;
            }
            return ful;
        }
    };

    /** m_prefs_num_prefs_ful_ret.c: preferences fulfilled among retrieved documents; summed over topics. */
    static final Family NUM_PREFS_FUL_RET = new PrefsFamily("prefs_num_prefs_ful_ret", true) {
        @Override
        double value(PrefsCounts rp) {
            long ful = 0;
            for (PrefsCounts.Jg g : rp.jgs) {
                ful += g.fulfilledRet;
            }
            return ful;
        }
    };

    /** m_prefs_simp.c. */
    static final Family SIMP = simple("prefs_simp", Scope.ALL);
    /** m_prefs_pair.c. */
    static final Family PAIR = pairs("prefs_pair", 3);
    /** m_prefs_avgjg.c. */
    static final Family AVGJG = averagedOverGroups("prefs_avgjg", Scope.ALL);
    /** m_prefs_avgjg_Rnonrel.c. */
    static final Family AVGJG_RNONREL = rnonrel("prefs_avgjg_Rnonrel", false);
    /** m_prefs_simp_ret.c. */
    static final Family SIMP_RET = simple("prefs_simp_ret", Scope.RET);
    /** m_prefs_pair_ret.c. */
    static final Family PAIR_RET = pairs("prefs_pair_ret", 1);
    /** m_prefs_avgjg_ret.c. */
    static final Family AVGJG_RET = averagedOverGroups("prefs_avgjg_ret", Scope.RET);
    /** m_prefs_avgjg_Rnonrel_ret.c. */
    static final Family AVGJG_RNONREL_RET = rnonrel("prefs_avgjg_Rnonrel_ret", true);
    /** m_prefs_simp_imp.c. */
    static final Family SIMP_IMP = simple("prefs_simp_imp", Scope.IMP);
    /** m_prefs_pair_imp.c. */
    static final Family PAIR_IMP = pairs("prefs_pair_imp", 2);
    /** m_prefs_avgjg_imp.c. */
    static final Family AVGJG_IMP = averagedOverGroups("prefs_avgjg_imp", Scope.IMP);

    /**
     * m_prefs_avgjg_Rnonrel.c, m_prefs_avgjg_Rnonrel_ret.c ({@code ret}): {@code prefs_avgjg} (or its {@code _ret})
     * with each JG's number of non-relevant documents set to R, its number of relevant ones (retrieved ones for
     * {@code _ret}): R - N fulfilled preferences per relevant retrieved document are added when there are fewer,
     * N > R, the preferences are counted again with only the first R non-relevant documents.
     */
    private static Family rnonrel(String name, boolean ret) {
        return new PrefsFamily(name, false) {
            @Override
            double value(PrefsCounts rp) {
                double sum = 0.0;
                for (PrefsCounts.Jg g : rp.jgs) {
                    long r = ret ? g.relRet : g.rel;
                    long n = ret ? g.nonrelRet : g.nonrel;
                    if (r >= n) {
                        long ful = ret ? g.fulfilledRet : g.fulfilledRet + g.fulfilledImp;
                        long poss = ret ? g.possibleRet : g.possibleRet + g.possibleImp + g.possibleNotoccur;
                        ful += g.relRet * (r - n);
                        poss += g.rel * (r - n);
                        sum += (double) ful / (double) poss;
                    } else {
                        long[] fp = ret ? recalculateRet(rp, g) : recalculate(rp, g);
                        sum += (double) fp[0] / (double) fp[1];
                    }
                }
                return sum > 0.0 ? sum / (double) rp.jgs.size() : 0.0;
            }
        };
    }

    /**
     * The {@code recalculate} of m_prefs_avgjg_Rnonrel.c: {fulfilled, possible} of the JG keeping only its first R
     * (= num_rel) non-relevant documents. With classes, as the source does, the last class (the non-relevant one)
     * is cut to its first R documents and compared with every class, itself included; a document counts as
     * fulfilled when ranked before the other and retrieved.
     */
    static long[] recalculate(PrefsCounts rp, PrefsCounts.Jg g) {
        int numJudgedRet = rp.numJudgedRet;
        int numJudged = rp.numJudged;
        long ful = 0;
        long poss = 0;
        if (g.usesClasses()) {
            int[][] ecs = g.ecRanks;
            int last = ecs.length - 1;
            int keep = keep(rp, g, g.rel, false);
            for (int ec1 = 0; ec1 < ecs.length; ec1++) {
                for (int ec2 = ec1 + 1; ec2 < last; ec2++) {
                    for (int p1 : ecs[ec1]) {
                        for (int p2 : ecs[ec2]) {
                            if (p1 < p2 && p1 < numJudgedRet) {
                                ful++;
                            } else {
                                poss++;
                            }
                        }
                    }
                }
            }
            for (int[] ec1 : ecs) {
                for (int p1 : ec1) {
                    for (int k = 0; k < keep; k++) {
                        int p2 = ecs[last][k];
                        if (p1 < p2 && p1 < numJudgedRet) {
                            ful++;
                        } else {
                            poss++;
                        }
                    }
                }
            }
            poss += ful;
        } else {
            int firstDiscarded = firstDiscardedNonrel(g, numJudged);
            for (int i = 0; i < numJudged; i++) {
                if (discarded(g, i, firstDiscarded)) {
                    continue;
                }
                for (int j = 0; j < numJudged; j++) {
                    if (j == i || discarded(g, j, firstDiscarded) || !g.prefers(i, j)) {
                        continue;
                    }
                    if (i < numJudgedRet) {
                        if (j < i) {
                            poss++;
                        } else {
                            ful++;
                        }
                    } else {
                        poss++;
                    }
                }
            }
            poss += ful;
        }
        return new long[] {ful, poss};
    }

    /**
     * The {@code recalculate} of m_prefs_avgjg_Rnonrel_ret.c: as {@link #recalculate} among retrieved documents only,
     * the non-relevant class cut to its first R (= num_rel_ret) documents; with a matrix, the source finds the
     * discarded non-relevant documents among the retrieved ones with R = num_rel, which is kept.
     */
    static long[] recalculateRet(PrefsCounts rp, PrefsCounts.Jg g) {
        int numJudgedRet = rp.numJudgedRet;
        long ful = 0;
        long poss = 0;
        if (g.usesClasses()) {
            int[][] ecs = g.ecRanks;
            int last = ecs.length - 1;
            int keep = keep(rp, g, g.relRet, true);
            for (int ec1 = 0; ec1 < ecs.length; ec1++) {
                for (int ec2 = ec1 + 1; ec2 < last; ec2++) {
                    for (int p1 : ecs[ec1]) {
                        if (p1 >= numJudgedRet) {
                            break;
                        }
                        for (int p2 : ecs[ec2]) {
                            if (p2 >= numJudgedRet) {
                                break;
                            }
                            if (p1 < p2) {
                                ful++;
                            } else {
                                poss++;
                            }
                        }
                    }
                }
            }
            for (int[] ec1 : ecs) {
                for (int p1 : ec1) {
                    if (p1 >= numJudgedRet) {
                        break;
                    }
                    for (int k = 0; k < keep; k++) {
                        int p2 = ecs[last][k];
                        if (p2 >= numJudgedRet) {
                            break;
                        }
                        if (p1 < p2) {
                            ful++;
                        } else {
                            poss++;
                        }
                    }
                }
            }
            poss += ful;
        } else {
            int firstDiscarded = firstDiscardedNonrel(g, numJudgedRet);
            for (int i = 0; i < numJudgedRet; i++) {
                if (discarded(g, i, firstDiscarded)) {
                    continue;
                }
                for (int j = 0; j < numJudgedRet; j++) {
                    if (j == i || discarded(g, j, firstDiscarded) || !g.prefers(i, j)) {
                        continue;
                    }
                    if (j < i) {
                        poss++;
                    } else {
                        ful++;
                    }
                }
            }
            poss += ful;
        }
        return new long[] {ful, poss};
    }

    /**
     * How many documents of the last class the recalculation keeps: R. The source assumes the last class holds the
     * non-relevant documents, more than R of them; with negative levels the last class may be smaller than R, and
     * the source then reads past its data (the value depends on leftover memory), so that is an error here. The
     * {@code _ret} variant stops at the first unretrieved document, so it reads past only when the whole class
     * was retrieved; otherwise R is cut to the class.
     */
    private static int keep(PrefsCounts rp, PrefsCounts.Jg g, long r, boolean ret) {
        int[] last = g.ecRanks[g.ecRanks.length - 1];
        int size = last.length;
        if (r > size && ret && last[size - 1] >= rp.numJudgedRet) {
            return size;
        }
        if (r > size) {
            throw new dev.assay.core.InvalidInputException(rp.source + ": topic " + rp.topic + ", judgment group " + g.id
                    + ": prefs_avgjg_Rnonrel" + (ret ? "_ret" : "") + " needs the lowest level's documents to be the non-relevant ones (level 0), but"
                    + " that level has " + size + " documents, fewer than the " + r + " relevant ones; trec_eval's value"
                    + " is undefined there (it reads past its data), which negative levels cause");
        }
        return (int) r;
    }

    /** The internal id of the (num_rel + 1)-th non-relevant document among the first {@code limit}, or {@code limit}. */
    private static int firstDiscardedNonrel(PrefsCounts.Jg g, int limit) {
        long seen = 0;
        int i = 0;
        for (; i < limit; i++) {
            if (g.relArray[i] == 0.0) {
                seen++;
                if (seen == g.rel + 1) {
                    break;
                }
            }
        }
        return i;
    }

    private static boolean discarded(PrefsCounts.Jg g, int i, int firstDiscarded) {
        return i >= firstDiscarded && g.relArray[i] == 0.0;
    }
}
