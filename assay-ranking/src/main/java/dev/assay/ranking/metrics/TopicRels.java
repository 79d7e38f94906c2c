package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.TopicRanking;

/**
 * trec_eval's {@code RES_RELS} ({@code form_res_rels.c}) for one topic: the judgment of each retrieved
 * document in rank order ({@link Qrels#NOT_IN_POOL}, {@link Qrels#UNJUDGED} or a level >= 0), after
 * {@code -M} (only the first N documents) and {@code -J} (unjudged documents dropped, the others
 * keeping their order), with the counts every measure starts from.
 */
final class TopicRels {
    /** Judgments of the retrieved documents in rank order; the first {@link #numRet} entries are used. */
    final int[] rels;
    /** Number of documents retrieved (after -M and -J). */
    final int numRet;
    /** Retrieved documents judged at or above the relevance level. */
    final int numRelRet;
    /** Retrieved documents the qrels do not mention (0 under -J). */
    final int numNonpool;
    /** Retrieved documents in the pool but judged with a negative level (0 under -J). */
    final int numUnjudgedInPool;
    /** Documents judged at or above the relevance level, retrieved or not. */
    final int numRel;
    /** Judged documents at each level 0..numRelLevels-1 (the highest level present, plus one). */
    final int[] relLevels;

    private TopicRels(int[] rels, int numRet, int numRelRet, int numNonpool, int numUnjudgedInPool, int numRel, int[] relLevels) {
        this.rels = rels;
        this.numRet = numRet;
        this.numRelRet = numRelRet;
        this.numNonpool = numNonpool;
        this.numUnjudgedInPool = numUnjudgedInPool;
        this.numRel = numRel;
        this.relLevels = relLevels;
    }

    int numRelLevels() {
        return relLevels.length;
    }

    static TopicRels of(Qrels qrels, TopicRanking ranking, EvalOptions options) {
        int[] all = qrels.levels(ranking);
        int[] levels = qrels.levelCounts(ranking.topic());
        int n = (int) Math.min(all.length, options.maxRetrieved());
        int rl = options.relevanceLevel();
        int numRelRet = 0;
        int nonpool = 0;
        int unjudged = 0;
        int[] rels = all;
        int numRet;
        if (options.judgedOnly()) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (all[i] >= 0) {
                    rels[k++] = all[i];
                    if (all[i] >= rl) {
                        numRelRet++;
                    }
                }
            }
            numRet = k;
        } else {
            for (int i = 0; i < n; i++) {
                int r = all[i];
                if (r == Qrels.NOT_IN_POOL) {
                    nonpool++;
                } else if (r == Qrels.UNJUDGED) {
                    unjudged++;
                } else if (r >= rl) {
                    numRelRet++;
                }
            }
            numRet = n;
        }
        int numRel = 0;
        for (int l = Math.max(rl, 0); l < levels.length; l++) {
            numRel += levels[l];
        }
        return new TopicRels(rels, numRet, numRelRet, nonpool, unjudged, numRel, levels);
    }
}
