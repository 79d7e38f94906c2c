package dev.assay.ranking.metrics;

import static dev.assay.ranking.metrics.FamilyTestSupport.QRELS;
import static dev.assay.ranking.metrics.FamilyTestSupport.QRELS_WITH_D;
import static dev.assay.ranking.metrics.FamilyTestSupport.RUN;
import static dev.assay.ranking.metrics.FamilyTestSupport.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * iprec_at_recall, Rprec_mult, utility and 11pt_avg: every line of theirs in trec_eval's quicktest
 * fixtures, byte for byte, and hand-checked small topics (expected values as trec_eval v10 prints them)
 * under -l, -M, -J, -c and -N, with trec_eval's quirks (rounding of recall points, parameters in the
 * order given, NaN for an empty ranking).
 */
class RecallFamiliesTest {
    private static final Set<String> FAMILIES = Set.of("iprec_at_recall", "Rprec_mult", "utility", "11pt_avg");
    private static final String[] SOME = {"iprec_at_recall.0,0.5,1", "Rprec_mult.0.4,1,2", "utility", "11pt_avg"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.assay.ranking.metrics.FamilyTestSupport#fixtures")
    void printsTheFixtureLinesOfTheseFamilies(String fixture, String qrels, String run, EvalOptions options, boolean perTopic)
            throws IOException {
        List<String> expected = FamilyTestSupport.fixtureLines(fixture, FAMILIES);
        assertThat(expected).as("lines of these families in " + fixture).isNotEmpty();
        assertThat(FamilyTestSupport.assayLines(expected, qrels, run, options, perTopic)).containsExactlyElementsOf(expected);
    }

    @Test
    void defaultRecallPointsAndMultiplesOnOneTopic() {
        // A (R = 3): relevant at ranks 2 and 6 of 6. Recall points round (lround) to 0, 0, 1, 1, 1, 2 (1.5 up), 2, 2,
        // 2, 3, 3 relevant: 1/2 up to the first relevant, 2/6 up to the second, 0 beyond. Rprec_mult cutoffs
        // (long) (m * 3 + 0.9) = 1, 2, 2, 3, 3, 4, 5, 5, 6, 6: precision there, except rank 1, which the backward
        // walk never reaches once the relevant are used up (precision there is 0 anyway).
        String a = QRELS.lines().filter(l -> l.startsWith("A ")).map(l -> l + "\n").reduce("", String::concat);
        assertThat(report(a, RUN, EvalOptions.defaults(), "iprec_at_recall", "Rprec_mult")).isEqualTo("""
                iprec_at_recall_0.00 A 0.5000
                iprec_at_recall_0.10 A 0.5000
                iprec_at_recall_0.20 A 0.5000
                iprec_at_recall_0.30 A 0.5000
                iprec_at_recall_0.40 A 0.5000
                iprec_at_recall_0.50 A 0.3333
                iprec_at_recall_0.60 A 0.3333
                iprec_at_recall_0.70 A 0.3333
                iprec_at_recall_0.80 A 0.3333
                iprec_at_recall_0.90 A 0.0000
                iprec_at_recall_1.00 A 0.0000
                Rprec_mult_0.20 A 0.0000
                Rprec_mult_0.40 A 0.5000
                Rprec_mult_0.60 A 0.5000
                Rprec_mult_0.80 A 0.3333
                Rprec_mult_1.00 A 0.3333
                Rprec_mult_1.20 A 0.2500
                Rprec_mult_1.40 A 0.2000
                Rprec_mult_1.60 A 0.2000
                Rprec_mult_1.80 A 0.3333
                Rprec_mult_2.00 A 0.3333
                iprec_at_recall_0.00 all 0.5000
                iprec_at_recall_0.10 all 0.5000
                iprec_at_recall_0.20 all 0.5000
                iprec_at_recall_0.30 all 0.5000
                iprec_at_recall_0.40 all 0.5000
                iprec_at_recall_0.50 all 0.3333
                iprec_at_recall_0.60 all 0.3333
                iprec_at_recall_0.70 all 0.3333
                iprec_at_recall_0.80 all 0.3333
                iprec_at_recall_0.90 all 0.0000
                iprec_at_recall_1.00 all 0.0000
                Rprec_mult_0.20 all 0.0000
                Rprec_mult_0.40 all 0.5000
                Rprec_mult_0.60 all 0.5000
                Rprec_mult_0.80 all 0.3333
                Rprec_mult_1.00 all 0.3333
                Rprec_mult_1.20 all 0.2500
                Rprec_mult_1.40 all 0.2000
                Rprec_mult_1.60 all 0.2000
                Rprec_mult_1.80 all 0.3333
                Rprec_mult_2.00 all 0.3333
                """);
    }

    @Test
    void handCheckedTopics() {
        // utility 1,-1,0,0: relevant retrieved minus nonrelevant retrieved (A: 2 - 4; B: 0 - 2; C: 3 - 2).
        // 11pt_avg of A: (5 * 1/2 + 4 * 1/3) / 11. B has nothing relevant: all 0.
        assertThat(report(QRELS, RUN, EvalOptions.defaults(), SOME)).isEqualTo("""
                iprec_at_recall_0.00 A 0.5000
                iprec_at_recall_0.50 A 0.3333
                iprec_at_recall_1.00 A 0.0000
                Rprec_mult_0.40 A 0.5000
                Rprec_mult_1.00 A 0.3333
                Rprec_mult_2.00 A 0.3333
                utility A -2.0000
                11pt_avg A 0.3485
                iprec_at_recall_0.00 B 0.0000
                iprec_at_recall_0.50 B 0.0000
                iprec_at_recall_1.00 B 0.0000
                Rprec_mult_0.40 B 0.0000
                Rprec_mult_1.00 B 0.0000
                Rprec_mult_2.00 B 0.0000
                utility B -2.0000
                11pt_avg B 0.0000
                iprec_at_recall_0.00 C 0.6000
                iprec_at_recall_0.50 C 0.6000
                iprec_at_recall_1.00 C 0.0000
                Rprec_mult_0.40 C 0.5000
                Rprec_mult_1.00 C 0.6000
                Rprec_mult_2.00 C 0.3000
                utility C 1.0000
                11pt_avg C 0.3818
                iprec_at_recall_0.00 all 0.3667
                iprec_at_recall_0.50 all 0.3111
                iprec_at_recall_1.00 all 0.0000
                Rprec_mult_0.40 all 0.3333
                Rprec_mult_1.00 all 0.3111
                Rprec_mult_2.00 all 0.2111
                utility all -1.0000
                11pt_avg all 0.2434
                """);
    }

    @Test
    void relevanceLevelTwoAndZero() {
        assertThat(report(QRELS, RUN, new EvalOptions(2, TopicScope.COMMON), SOME)).isEqualTo("""
                iprec_at_recall_0.00 A 0.5000
                iprec_at_recall_0.50 A 0.5000
                iprec_at_recall_1.00 A 0.5000
                Rprec_mult_0.40 A 0.0000
                Rprec_mult_1.00 A 0.0000
                Rprec_mult_2.00 A 0.5000
                utility A -4.0000
                11pt_avg A 0.5000
                iprec_at_recall_0.00 B 0.0000
                iprec_at_recall_0.50 B 0.0000
                iprec_at_recall_1.00 B 0.0000
                Rprec_mult_0.40 B 0.0000
                Rprec_mult_1.00 B 0.0000
                Rprec_mult_2.00 B 0.0000
                utility B -2.0000
                11pt_avg B 0.0000
                iprec_at_recall_0.00 C 0.5000
                iprec_at_recall_0.50 C 0.5000
                iprec_at_recall_1.00 C 0.5000
                Rprec_mult_0.40 C 0.0000
                Rprec_mult_1.00 C 0.0000
                Rprec_mult_2.00 C 0.5000
                utility C -3.0000
                11pt_avg C 0.5000
                iprec_at_recall_0.00 all 0.3333
                iprec_at_recall_0.50 all 0.3333
                iprec_at_recall_1.00 all 0.3333
                Rprec_mult_0.40 all 0.0000
                Rprec_mult_1.00 all 0.0000
                Rprec_mult_2.00 all 0.3333
                utility all -3.0000
                11pt_avg all 0.3333
                """);
        assertThat(report(QRELS, RUN, new EvalOptions(0, TopicScope.COMMON), SOME)).isEqualTo("""
                iprec_at_recall_0.00 A 1.0000
                iprec_at_recall_0.50 A 0.6667
                iprec_at_recall_1.00 A 0.0000
                Rprec_mult_0.40 A 0.6667
                Rprec_mult_1.00 A 0.6667
                Rprec_mult_2.00 A 0.3333
                utility A 2.0000
                11pt_avg A 0.6364
                iprec_at_recall_0.00 B 1.0000
                iprec_at_recall_0.50 B 1.0000
                iprec_at_recall_1.00 B 0.0000
                Rprec_mult_0.40 B 1.0000
                Rprec_mult_1.00 B 0.5000
                Rprec_mult_2.00 B 0.2500
                utility B 0.0000
                11pt_avg B 0.7273
                iprec_at_recall_0.00 C 1.0000
                iprec_at_recall_0.50 C 0.8000
                iprec_at_recall_1.00 C 0.0000
                Rprec_mult_0.40 C 0.6667
                Rprec_mult_1.00 C 0.6667
                Rprec_mult_2.00 C 0.3333
                utility C 3.0000
                11pt_avg C 0.6727
                iprec_at_recall_0.00 all 1.0000
                iprec_at_recall_0.50 all 0.8222
                iprec_at_recall_1.00 all 0.0000
                Rprec_mult_0.40 all 0.7778
                Rprec_mult_1.00 all 0.6111
                Rprec_mult_2.00 all 0.3056
                utility all 1.6667
                11pt_avg all 0.6788
                """);
    }

    @Test
    void maxRetrievedAndJudgedOnly() {
        // -M3: Rprec_mult cutoffs past the 3 retrieved give relevant retrieved over the cutoff (A at 2R = 6: 1/6).
        assertThat(report(QRELS, RUN, new EvalOptions(1, TopicScope.COMMON, false, 3, 0), SOME)).isEqualTo("""
                iprec_at_recall_0.00 A 0.5000
                iprec_at_recall_0.50 A 0.0000
                iprec_at_recall_1.00 A 0.0000
                Rprec_mult_0.40 A 0.5000
                Rprec_mult_1.00 A 0.3333
                Rprec_mult_2.00 A 0.1667
                utility A -1.0000
                11pt_avg A 0.2273
                iprec_at_recall_0.00 B 0.0000
                iprec_at_recall_0.50 B 0.0000
                iprec_at_recall_1.00 B 0.0000
                Rprec_mult_0.40 B 0.0000
                Rprec_mult_1.00 B 0.0000
                Rprec_mult_2.00 B 0.0000
                utility B -2.0000
                11pt_avg B 0.0000
                iprec_at_recall_0.00 C 0.5000
                iprec_at_recall_0.50 C 0.0000
                iprec_at_recall_1.00 C 0.0000
                Rprec_mult_0.40 C 0.5000
                Rprec_mult_1.00 C 0.2000
                Rprec_mult_2.00 C 0.1000
                utility C -1.0000
                11pt_avg C 0.1364
                iprec_at_recall_0.00 all 0.3333
                iprec_at_recall_0.50 all 0.0000
                iprec_at_recall_1.00 all 0.0000
                Rprec_mult_0.40 all 0.3333
                Rprec_mult_1.00 all 0.1778
                Rprec_mult_2.00 all 0.0889
                utility all -1.3333
                11pt_avg all 0.1212
                """);
        assertThat(report(QRELS, RUN, new EvalOptions(1, TopicScope.COMMON, true, Long.MAX_VALUE, 0), SOME)).isEqualTo("""
                iprec_at_recall_0.00 A 0.5000
                iprec_at_recall_0.50 A 0.5000
                iprec_at_recall_1.00 A 0.0000
                Rprec_mult_0.40 A 0.5000
                Rprec_mult_1.00 A 0.3333
                Rprec_mult_2.00 A 0.3333
                utility A 0.0000
                11pt_avg A 0.4091
                iprec_at_recall_0.00 B 0.0000
                iprec_at_recall_0.50 B 0.0000
                iprec_at_recall_1.00 B 0.0000
                Rprec_mult_0.40 B 0.0000
                Rprec_mult_1.00 B 0.0000
                Rprec_mult_2.00 B 0.0000
                utility B -1.0000
                11pt_avg B 0.0000
                iprec_at_recall_0.00 C 0.7500
                iprec_at_recall_0.50 C 0.7500
                iprec_at_recall_1.00 C 0.0000
                Rprec_mult_0.40 C 0.5000
                Rprec_mult_1.00 C 0.6000
                Rprec_mult_2.00 C 0.3000
                utility C 2.0000
                11pt_avg C 0.4773
                iprec_at_recall_0.00 all 0.4167
                iprec_at_recall_0.50 all 0.4167
                iprec_at_recall_1.00 all 0.0000
                Rprec_mult_0.40 all 0.3333
                Rprec_mult_1.00 all 0.3111
                Rprec_mult_2.00 all 0.2111
                utility all 0.3333
                11pt_avg all 0.2955
                """);
    }

    @Test
    void missingTopicUnderC() {
        // D on the stand-in ranking: 0 everywhere; trec_eval zeroes the value named exactly "utility".
        assertThat(report(QRELS_WITH_D, RUN, new EvalOptions(1, TopicScope.ALL_QRELS), SOME)).endsWith("""
                iprec_at_recall_0.00 D 0.0000
                iprec_at_recall_0.50 D 0.0000
                iprec_at_recall_1.00 D 0.0000
                Rprec_mult_0.40 D 0.0000
                Rprec_mult_1.00 D 0.0000
                Rprec_mult_2.00 D 0.0000
                utility D 0.0000
                11pt_avg D 0.0000
                iprec_at_recall_0.00 all 0.2750
                iprec_at_recall_0.50 all 0.2333
                iprec_at_recall_1.00 all 0.0000
                Rprec_mult_0.40 all 0.2500
                Rprec_mult_1.00 all 0.2333
                Rprec_mult_2.00 all 0.1583
                utility all -0.7500
                11pt_avg all 0.1826
                """);
        // With its coefficients given, the value is named utility_1,2,3,4 and keeps the stand-in's value: the
        // stand-in retrieves one nonrelevant document of -N 50, D has one relevant: 2 * 1 + 3 * 1 + 4 * (50 - 1 - 1).
        // 11pt_avg's points are used in the order given: 0.5 (2 relevant of A's 3) is never met going back up
        // from 0.25 (1), so A counts 1/2 twice where ascending points would give (1/2 + 1/3) / 2.
        // Rprec_mult at 3R goes past the ranking: relevant retrieved over the cutoff (A: 2 / 9).
        assertThat(report(QRELS_WITH_D, RUN, new EvalOptions(1, TopicScope.ALL_QRELS, false, Long.MAX_VALUE, 50),
                "utility.1,2,3,4", "11pt_avg.0.5,0.25", "Rprec_mult.0.5,3")).isEqualTo("""
                Rprec_mult_0.50 A 0.5000
                Rprec_mult_3.00 A 0.2222
                utility_1,2,3,4 A 185.0000
                11pt_avg_0.5,0.25 A 0.5000
                Rprec_mult_0.50 B 0.0000
                Rprec_mult_3.00 B 0.0000
                utility_1,2,3,4 B 196.0000
                11pt_avg_0.5,0.25 B 0.0000
                Rprec_mult_0.50 C 0.3333
                Rprec_mult_3.00 C 0.2000
                utility_1,2,3,4 C 185.0000
                11pt_avg_0.5,0.25 C 0.6000
                Rprec_mult_0.50 D 0.0000
                Rprec_mult_3.00 D 0.0000
                utility_1,2,3,4 D 197.0000
                11pt_avg_0.5,0.25 D 0.0000
                Rprec_mult_0.50 all 0.2083
                Rprec_mult_3.00 all 0.1056
                utility_1,2,3,4 all 190.7500
                11pt_avg_0.5,0.25 all 0.2750
                """);
    }

    @Test
    void recallPointsRoundHalvesAwayFromZero() {
        // R = 5, relevant at ranks 1, 2 and 7: recall 0.5 is 2.5 relevant, lround 3, so precision 3/7 (not 1 at 2).
        String qrels = "E 0 e1 1\nE 0 e2 1\nE 0 e3 1\nE 0 e4 1\nE 0 e5 1\n";
        String run = "E Q0 e1 1 7 r\nE Q0 e2 2 6 r\nE Q0 m1 3 5 r\nE Q0 m2 4 4 r\nE Q0 m3 5 3 r\nE Q0 m4 6 2 r\nE Q0 e3 7 1 r\n";
        assertThat(report(qrels, run, EvalOptions.defaults(), "iprec_at_recall.0.5", "11pt_avg.0.5")).isEqualTo("""
                iprec_at_recall_0.50 E 0.4286
                11pt_avg_0.5 E 0.4286
                iprec_at_recall_0.50 all 0.4286
                11pt_avg_0.5 all 0.4286
                """);
        assertThat(RecallFamilies.lround(2.5)).isEqualTo(3);
        assertThat(RecallFamilies.lround(-2.5)).isEqualTo(-3);
        assertThat(RecallFamilies.lround(0.49999999999999994)).isZero();
        assertThat(RecallFamilies.lround(1.4999999999999998)).isEqualTo(1);
    }

    @Test
    void emptyRankingGivesCsNegativeNan() {
        // -J drops X's only document: 0 of 0 retrieved is C's 0.0 / 0.0, which trec_eval prints as -nan (its
        // summary too); points beyond the relevant retrieved stay 0, and Rprec_mult never divides by 0.
        RunScores e = FamilyTestSupport.evaluate("X 0 a 1\nY 0 b 1\n", "X Q0 z 1 1 r\nY Q0 b 1 1 r\n",
                new EvalOptions(1, TopicScope.COMMON, true, Long.MAX_VALUE, 0), "iprec_at_recall.0,1", "11pt_avg", "Rprec_mult.1");
        Measure at0 = Measures.parseOne("iprec_at_recall.0");
        Measure at1 = Measures.parseOne("iprec_at_recall.1");
        Measure avg = Measures.parseOne("11pt_avg");
        Measure rmult = Measures.parseOne("Rprec_mult.1");
        for (double v : new double[] {e.value(at0, "X"), e.value(avg, "X"), e.mean(at0).orElseThrow(), e.mean(avg).orElseThrow()}) {
            assertThat(CFormat.fixed(v, 4)).isEqualTo("-nan");
        }
        assertThat(e.value(at1, "X")).isZero();
        assertThat(e.mean(at1)).hasValue(0.5);
        assertThat(e.value(rmult, "X")).isZero();
        assertThat(e.mean(rmult)).hasValue(0.5);
    }

    @Test
    void parameters() {
        assertThatThrownBy(() -> Measures.parse("utility.1,-1,0")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("4 coefficients");
        assertThat(Measures.parse("iprec_at_recall")).extracting(Measure::name).containsExactly("iprec_at_recall_0.00",
                "iprec_at_recall_0.10", "iprec_at_recall_0.20", "iprec_at_recall_0.30", "iprec_at_recall_0.40",
                "iprec_at_recall_0.50", "iprec_at_recall_0.60", "iprec_at_recall_0.70", "iprec_at_recall_0.80",
                "iprec_at_recall_0.90", "iprec_at_recall_1.00");
        assertThat(Measures.parse("Rprec_mult.5.0,0.2,0.35")).extracting(Measure::name)
                .containsExactly("Rprec_mult_0.20", "Rprec_mult_0.35", "Rprec_mult_5.00");
        for (String spec : List.of("utility.2,-1,0,0", "11pt_avg..25,.5,.75", "iprec_at_recall.0.10", "Rprec_mult.0.20", "utility")) {
            Measure m = Measures.parseOne(spec);
            assertThat(Measures.parseOne(m.spec())).isEqualTo(m);
        }
    }
}
