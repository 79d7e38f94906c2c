package dev.assay.ranking.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * trec_eval's measure table ({@code measures.c}): the families in the order trec_eval computes and
 * prints them, and its nicknames ({@code official}, {@code all_trec}, ...).
 */
final class Families {
    private Families() {}

    /** The families in trec_eval's table order. */
    static final List<Family> TABLE = List.of(
            CountFamilies.RUNID,
            CountFamilies.NUM_Q,
            CountFamilies.NUM_RET,
            CountFamilies.NUM_REL,
            CountFamilies.NUM_REL_RET,
            PrecisionFamilies.MAP,
            RankFamilies.GM_MAP,
            RankFamilies.RPREC,
            RankFamilies.BPREF,
            PrecisionFamilies.RECIP_RANK,
            RecallFamilies.IPREC_AT_RECALL,
            PrecisionFamilies.P,
            RankFamilies.RELSTRING,
            PrecisionFamilies.RECALL,
            RankFamilies.INFAP,
            RankFamilies.GM_BPREF,
            RecallFamilies.RPREC_MULT,
            RecallFamilies.UTILITY,
            RecallFamilies.ELEVEN_PT_AVG,
            GainFamilies.BIN_G,
            GainFamilies.G,
            GainFamilies.DCG,
            GainFamilies.IDEAL_DCG,
            GainFamilies.NDCG,
            GainFamilies.NDCG_REL,
            GainFamilies.RNDCG,
            GainFamilies.NDCG_CUT,
            SetFamilies.MAP_CUT,
            SetFamilies.RELATIVE_P,
            SetFamilies.SUCCESS,
            SetFamilies.SET_P,
            SetFamilies.SET_RELATIVE_P,
            SetFamilies.SET_RECALL,
            SetFamilies.SET_MAP,
            SetFamilies.SET_F,
            SetFamilies.NUM_NONREL_JUDGED_RET,
            PrefsFamilies.NUM_PREFS_POSS,
            PrefsFamilies.NUM_PREFS_FUL,
            PrefsFamilies.NUM_PREFS_FUL_RET,
            PrefsFamilies.SIMP,
            PrefsFamilies.PAIR,
            PrefsFamilies.AVGJG,
            PrefsFamilies.AVGJG_RNONREL,
            PrefsFamilies.SIMP_RET,
            PrefsFamilies.PAIR_RET,
            PrefsFamilies.AVGJG_RET,
            PrefsFamilies.AVGJG_RNONREL_RET,
            PrefsFamilies.SIMP_IMP,
            PrefsFamilies.PAIR_IMP,
            PrefsFamilies.AVGJG_IMP,
            JudgmentGroupFamilies.MAP_AVGJG,
            JudgmentGroupFamilies.P_AVGJG,
            JudgmentGroupFamilies.RPREC_MULT_AVGJG,
            ResidualFamilies.YAAP,
            ResidualFamilies.RBP,
            ResidualFamilies.RBP_RESID,
            ResidualFamilies.UNJ
    );

    /** trec_eval's nicknames and the families each stands for. */
    static final Map<String, List<String>> NICKNAMES = Map.of(
            "official", List.of("runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map",
                    "Rprec", "bpref", "recip_rank", "iprec_at_recall", "P"),
            "set", List.of("runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "utility", "set_P",
                    "set_recall", "set_relative_P", "set_map", "set_F"),
            "all_trec", List.of("runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map",
                    "Rprec", "bpref", "recip_rank", "iprec_at_recall", "P", "relstring",
                    "recall", "unj", "rbp", "rbp_resid", "infAP", "gm_bpref",
                    "utility", "11pt_avg", "ndcg", "relative_P", "Rprec_mult", "success",
                    "map_cut", "ndcg_cut", "ndcg_rel", "Rndcg", "binG", "G",
                    "set_P", "set_recall", "set_relative_P", "set_map", "set_F",
                    "num_nonrel_judged_ret"),
            "all_prefs", List.of("runid", "num_q", "prefs_num_prefs_poss", "prefs_num_prefs_ful",
                    "prefs_num_prefs_ful_ret", "prefs_simp", "prefs_pair", "prefs_avgjg", "prefs_avgjg_Rnonrel",
                    "prefs_simp_ret", "prefs_pair_ret", "prefs_avgjg_ret", "prefs_avgjg_Rnonrel_ret",
                    "prefs_simp_imp", "prefs_pair_imp", "prefs_avgjg_imp"),
            "prefs", List.of("runid", "num_q", "prefs_num_prefs_poss", "prefs_num_prefs_ful", "prefs_num_prefs_ful_ret",
                    "prefs_simp", "prefs_pair", "prefs_avgjg"),
            "qrels_jg", List.of("runid", "num_q", "map_avgjg", "P_avgjg", "Rprec_mult_avgjg"));

    private static final Map<String, Family> BY_NAME = new HashMap<>();
    private static final Map<Family, Integer> ORDER = new HashMap<>();

    static {
        for (int i = 0; i < TABLE.size(); i++) {
            BY_NAME.put(TABLE.get(i).name, TABLE.get(i));
            ORDER.put(TABLE.get(i), i);
        }
    }

    /** The family named {@code name}, or null. */
    static Family byName(String name) {
        return BY_NAME.get(name);
    }

    /** The family's position in the table. */
    static int order(Family f) {
        return ORDER.get(f);
    }

    /** The names of every family, in table order (for messages). */
    static List<String> names() {
        return TABLE.stream().map(f -> f.name).toList();
    }
}
