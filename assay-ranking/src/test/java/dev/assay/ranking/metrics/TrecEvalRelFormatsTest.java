package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.trec.RelFormat;
import dev.assay.ranking.trec.RelInfo;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.ZScores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The other relevance formats (-R) and z-scores (-Z) on small inputs; the expected lines are what trec_eval v10.0
 * prints for the same files. The quicktest fixtures ({@link TrecEvalFixturesTest}) cover the larger cases.
 */
class TrecEvalRelFormatsTest {
    static RelInfo rel(String text, RelFormat format) {
        return RelInfo.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "rel", format);
    }

    static Run run(String text) {
        return Run.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "run");
    }

    static String eval(RelInfo rel, Run run, EvalOptions options, boolean perTopic, String... measures) {
        return TrecEval.evaluate(rel, run, Measures.parseAll(List.of(measures)), options).trecEvalText(perTopic);
    }

    /** u1 has two sub-groups (a > b, b > c, so a > c by transitivity), u2 one (d > c > a); a and b tie in the run. */
    static final String PREFS = "q1 u1 s1 a 3\nq1 u1 s1 b 2\n# a comment\nq1 u1 s2 b 5\nq1 u1 s2 c 4\n"
            + "q1 u2 s1 a 0\nq1 u2 s1 c 1\nq1 u2 s1 d 2\nq2 u1 s1 e 1\nq2 u1 s1 f 0\n";
    static final String PREFS_RUN = "q1 Q0 a 1 1 runA\nq1 Q0 b 2 1 runA\nq1 Q0 c 3 2 runA\nq1 Q0 x 4 3 runA\n";

    @Test
    void prefsFamiliesAreTrecEvals() {
        String out = eval(rel(PREFS, RelFormat.PREFS), run(PREFS_RUN + "q2 Q0 f 1 1 runA\nq2 Q0 e 2 1 runA\n"),
                EvalOptions.defaults(), true, "all_prefs");
        // the prefs ranking breaks the a/b tie by docno ascending (a first), unlike the qrels measures: 2 fulfilled
        assertThat(out).contains("""
                prefs_num_prefs_poss  \tq1\t6
                prefs_num_prefs_ful   \tq1\t2
                prefs_num_prefs_ful_ret\tq1\t2
                prefs_simp            \tq1\t0.3333
                prefs_pair            \tq1\t0.3000
                prefs_avgjg           \tq1\t0.3333
                prefs_avgjg_Rnonrel   \tq1\t0.6167
                prefs_simp_ret        \tq1\t0.5000
                prefs_pair_ret        \tq1\t0.5000
                prefs_avgjg_ret       \tq1\t0.6667
                prefs_avgjg_Rnonrel_ret\tq1\t0.9167
                prefs_simp_imp        \tq1\t0.3333
                prefs_pair_imp        \tq1\t0.3000
                prefs_avgjg_imp       \tq1\t0.3333
                """);
        assertThat(out).endsWith("""
                runid                 \tall\trunA
                num_q                 \tall\t2
                prefs_num_prefs_poss  \tall\t7
                prefs_num_prefs_ful   \tall\t3
                prefs_num_prefs_ful_ret\tall\t3
                prefs_simp            \tall\t0.6667
                prefs_pair            \tall\t0.6500
                prefs_avgjg           \tall\t0.6667
                prefs_avgjg_Rnonrel   \tall\t0.8083
                prefs_simp_ret        \tall\t0.7500
                prefs_pair_ret        \tall\t0.7500
                prefs_avgjg_ret       \tall\t0.8333
                prefs_avgjg_Rnonrel_ret\tall\t0.9583
                prefs_simp_imp        \tall\t0.6667
                prefs_pair_imp        \tall\t0.6500
                prefs_avgjg_imp       \tall\t0.6667
                """);
    }

    @Test
    void prefsUnderMinusCEvaluateTheMissingTopicOnTheStandInRanking() {
        String out = eval(rel(PREFS, RelFormat.PREFS), run(PREFS_RUN), new EvalOptions(1, TopicScope.ALL_QRELS), false,
                "num_q", "prefs_num_prefs_ful", "prefs_avgjg_Rnonrel", "prefs_pair");
        assertThat(out).isEqualTo("""
                num_q                 \tall\t2
                prefs_num_prefs_ful   \tall\t2
                prefs_pair            \tall\t0.1500
                prefs_avgjg_Rnonrel   \tall\t0.3083
                """);
    }

    @Test
    void inconsistentPreferencesAreErrorsNamingFileTopicAndGroup() {
        Run r = run("q1 Q0 a 1 1 x\n");
        assertThatThrownBy(() -> eval(rel("q1 u1 s1 a 2\nq1 u1 s1 b 1\nq1 u1 s1 a 0\n", RelFormat.PREFS), r,
                EvalOptions.defaults(), false, "prefs_simp")).isInstanceOf(InvalidInputException.class)
                .hasMessage("rel: topic q1, judgment group u1: document a has two different levels in one judgment sub-group");
        assertThatThrownBy(() -> eval(rel("q1 u1 s1 a 2\nq1 u1 s1 b 1\nq1 u1 s2 b 2\nq1 u1 s2 a 1\n", RelFormat.PREFS), r,
                EvalOptions.defaults(), false, "prefs_simp")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rel: topic q1, judgment group u1: inconsistent preferences");
        assertThatThrownBy(() -> eval(rel("q1 u1 s1 a 2\nq1 u1 s1 b 1\nq1 u1 s2 b 0\nq1 u1 s2 c 1\n", RelFormat.PREFS), r,
                EvalOptions.defaults(), false, "prefs_simp")).isInstanceOf(InvalidInputException.class)
                .hasMessage("rel: topic q1, judgment group u1: document b has both level 0 and a level above 0");
    }

    @Test
    void judgmentGroupFamiliesAreTrecEvals() {
        RelInfo jg = rel("t1 alice d1 1\nt1 alice d2 0\nt1 alice d3 2\n# comment\nt1 bob d1 0\nt1 bob d4 1\nt1 bob d5 -1\n"
                + "t2 alice d9 1\n", RelFormat.QRELS_JG);
        Run r = run("t1 Q0 d1 1 5 rj\nt1 Q0 d2 2 4 rj\nt1 Q0 d4 3 3 rj\nt1 Q0 d5 4 2 rj\nt2 Q0 d8 1 1 rj\nt2 Q0 d9 2 1 rj\n");
        assertThat(eval(jg, r, EvalOptions.defaults(), true, "runid", "map_avgjg", "P_avgjg.1,2,5", "Rprec_mult_avgjg.0.5,1.0,2.0"))
                .isEqualTo("""
                        map_avgjg             \tt1\t0.4167
                        P_avgjg_1             \tt1\t0.5000
                        P_avgjg_2             \tt1\t0.2500
                        P_avgjg_5             \tt1\t0.2000
                        Rprec_mult_avgjg_0.50 \tt1\t0.5000
                        Rprec_mult_avgjg_1.00 \tt1\t0.2500
                        Rprec_mult_avgjg_2.00 \tt1\t0.1250
                        map_avgjg             \tt2\t1.0000
                        P_avgjg_1             \tt2\t1.0000
                        P_avgjg_2             \tt2\t0.5000
                        P_avgjg_5             \tt2\t0.2000
                        Rprec_mult_avgjg_0.50 \tt2\t1.0000
                        Rprec_mult_avgjg_1.00 \tt2\t1.0000
                        Rprec_mult_avgjg_2.00 \tt2\t0.5000
                        runid                 \tall\trj
                        map_avgjg             \tall\t0.7083
                        P_avgjg_1             \tall\t0.7500
                        P_avgjg_2             \tall\t0.3750
                        P_avgjg_5             \tall\t0.2000
                        Rprec_mult_avgjg_0.50 \tall\t0.7500
                        Rprec_mult_avgjg_1.00 \tall\t0.6250
                        Rprec_mult_avgjg_2.00 \tall\t0.3125
                        """);
    }

    @Test
    void aFamilyAskedOfAFormatItCannotReadIsAnErrorUpFront() {
        Run r = run("t1 Q0 d1 1 5 rj\n");
        assertThatThrownBy(() -> eval(rel("t1 a d1 1\n", RelFormat.QRELS_JG), r, EvalOptions.defaults(), false, "map"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("measure map needs relevance in trec_eval's qrels format (-R), but rel was read as qrels_jg");
        assertThatThrownBy(() -> eval(rel("t1 0 d1 1\n", RelFormat.QRELS), r, EvalOptions.defaults(), false, "prefs_simp"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs relevance in trec_eval's prefs or qrels_prefs format");
        assertThatThrownBy(() -> eval(rel("t1 0 d1 1\n", RelFormat.QRELS_PREFS), r, EvalOptions.defaults(), false, "map_avgjg"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("qrels_jg format");
        assertThat(eval(rel("t1 0 d1 1\n", RelFormat.QRELS_PREFS), r, EvalOptions.defaults(), false, "runid", "num_q"))
                .isEqualTo("runid                 \tall\trj\nnum_q                 \tall\t1\n");
    }

    @Test
    void zScoresReplaceEachTopicsValuesBeforeTheSummaryAndPrintWithAZ() {
        ZScores z = ZScores.read(new ByteArrayInputStream("t1 map 0.5 0.25\nt1 num_ret 2 0\nt1 P_1 0 0\n"
                .getBytes(StandardCharsets.UTF_8)), "z");
        String out = eval(rel("t1 0 d1 1\nt1 0 d2 0\nt2 0 d3 1\n", RelFormat.QRELS),
                run("t1 Q0 d1 1 2 rz\nt1 Q0 d2 2 1 rz\nt2 Q0 d3 1 1 rz\nt2 Q0 d4 1 2 rz\n"),
                EvalOptions.defaults().withZScores(z), true, "runid", "map", "num_ret", "P.1", "num_q");
        assertThat(out).isEqualTo("""
                Znum_ret               \tt1\t0.0000
                Zmap                   \tt1\t2.0000
                ZP_1                   \tt1\t-1000000.0000
                Znum_ret               \tt2\t-1000000.0000
                Zmap                   \tt2\t-1000000.0000
                ZP_1                   \tt2\t-1000000.0000
                runid                 \tall\trz
                Znum_q                 \tall\t2.0000
                Znum_ret               \tall\t-1000000.0000
                Zmap                   \tall\t-499999.0000
                ZP_1                   \tall\t-1000000.0000
                """);
    }
}
