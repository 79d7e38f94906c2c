package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The graded-gain families ({@code binG}, {@code G}, {@code dcg}, {@code ideal_dcg}, {@code ndcg}, {@code ndcg_rel},
 * {@code Rndcg}, {@code ndcg_cut}) against trec_eval v10.0: every line of theirs in trec_eval's own fixtures, its
 * output on a small graded input (recorded from the trec_eval binary), and hand-checked cases.
 */
class GainFamiliesTest {
    private static final Set<String> FAMILIES = Set.of("binG", "G", "dcg", "ideal_dcg", "ndcg", "ndcg_rel", "Rndcg", "ndcg_cut");
    /** The families above that {@code -m all_trec} includes, with their default parameters. */
    private static final List<String> ALL_TREC = List.of("binG", "G", "ndcg", "ndcg_rel", "Rndcg", "ndcg_cut");

    /** trec_eval's quicktest lines (Makefile): fixture, options, this group's -m arguments, files, lines expected. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("out.test.a", "", ALL_TREC, "qrels.test results.test", 14),
                Arguments.of("out.test.aq", "-q", ALL_TREC, "qrels.test results.test", 56),
                Arguments.of("out.test.aqc", "-q -c", ALL_TREC, "qrels.test results.trunc", 56),
                Arguments.of("out.test.aqcM", "-q -c -M100", ALL_TREC, "qrels.test results.trunc", 56),
                Arguments.of("out.test.aql", "-q -l2", ALL_TREC, "qrels.rel_level results.test", 56),
                Arguments.of("out.test.meas_params", "-q", List.of("ndcg.1=3,2=9,4=4.5", "ndcg_cut.10,20,23.4"),
                        "qrels.test results.test", 16));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void shouldPrintEveryFixtureLineOfTheGainFamilies(String fixture, String options, List<String> measures, String files,
                                                     int lines) throws IOException {
        assertThat(FamilyConformance.assertFixtureLines(fixture, options, measures, files, FAMILIES)).isEqualTo(lines);
    }

    /** trec_eval's arguments on {@link FamilyConformance#gradedInput} and what trec_eval v10.0 printed. */
    static Stream<Arguments> gradedCases() {
        return Stream.of(
                Arguments.of("-q -m runid -m binG -m G -m dcg -m ideal_dcg -m ndcg -m ndcg_rel -m Rndcg -m ndcg_cut.1,2,4,12,13 qrels.common run", """
                        binG                  \tA\t0.2678
                        G                     \tA\t0.1848
                        dcg                   \tA\t2.6910
                        ideal_dcg             \tA\t7.4972
                        ndcg                  \tA\t0.3589
                        ndcg_rel              \tA\t0.3071
                        Rndcg                 \tA\t0.1957
                        ndcg_cut_1            \tA\t0.0000
                        ndcg_cut_2            \tA\t0.0000
                        ndcg_cut_4            \tA\t0.1481
                        ndcg_cut_12           \tA\t0.3589
                        ndcg_cut_13           \tA\t0.3589
                        binG                  \tB\t0.0000
                        G                     \tB\t0.0000
                        dcg                   \tB\t0.0000
                        ideal_dcg             \tB\t0.0000
                        ndcg                  \tB\t0.0000
                        ndcg_rel              \tB\t0.0000
                        Rndcg                 \tB\t0.0000
                        ndcg_cut_1            \tB\t0.0000
                        ndcg_cut_2            \tB\t0.0000
                        ndcg_cut_4            \tB\t0.0000
                        ndcg_cut_12           \tB\t0.0000
                        ndcg_cut_13           \tB\t0.0000
                        binG                  \tD\t0.3770
                        G                     \tD\t0.3770
                        dcg                   \tD\t1.0616
                        ideal_dcg             \tD\t2.1309
                        ndcg                  \tD\t0.4982
                        ndcg_rel              \tD\t0.4611
                        Rndcg                 \tD\t0.2961
                        ndcg_cut_1            \tD\t0.0000
                        ndcg_cut_2            \tD\t0.3869
                        ndcg_cut_4            \tD\t0.4982
                        ndcg_cut_12           \tD\t0.4982
                        ndcg_cut_13           \tD\t0.4982
                        binG                  \tE\t0.0000
                        G                     \tE\t0.0000
                        dcg                   \tE\t0.0000
                        ideal_dcg             \tE\t2.6309
                        ndcg                  \tE\t0.0000
                        ndcg_rel              \tE\t0.0000
                        Rndcg                 \tE\t0.0000
                        ndcg_cut_1            \tE\t0.0000
                        ndcg_cut_2            \tE\t0.0000
                        ndcg_cut_4            \tE\t0.0000
                        ndcg_cut_12           \tE\t0.0000
                        ndcg_cut_13           \tE\t0.0000
                        runid                 \tall\tR
                        binG                  \tall\t0.1612
                        G                     \tall\t0.1404
                        dcg                   \tall\t0.9382
                        ideal_dcg             \tall\t3.0648
                        ndcg                  \tall\t0.2143
                        ndcg_rel              \tall\t0.1921
                        Rndcg                 \tall\t0.1230
                        ndcg_cut_1            \tall\t0.0000
                        ndcg_cut_2            \tall\t0.0967
                        ndcg_cut_4            \tall\t0.1616
                        ndcg_cut_12           \tall\t0.2143
                        ndcg_cut_13           \tall\t0.2143
                        """),
                Arguments.of("-q -c -J -M4 -m runid -m binG -m G -m dcg -m ideal_dcg -m ndcg -m ndcg_rel -m Rndcg qrels run", """
                        binG                  \tA\t0.1052
                        G                     \tA\t0.0645
                        dcg                   \tA\t1.2619
                        ideal_dcg             \tA\t7.4972
                        ndcg                  \tA\t0.1683
                        ndcg_rel              \tA\t0.1832
                        Rndcg                 \tA\t0.2043
                        binG                  \tB\t0.0000
                        G                     \tB\t0.0000
                        dcg                   \tB\t0.0000
                        ideal_dcg             \tB\t0.0000
                        ndcg                  \tB\t0.0000
                        ndcg_rel              \tB\t0.0000
                        Rndcg                 \tB\t0.0000
                        binG                  \tC\t0.0000
                        G                     \tC\t0.0000
                        dcg                   \tC\t0.0000
                        ideal_dcg             \tC\t2.6309
                        ndcg                  \tC\t0.0000
                        ndcg_rel              \tC\t0.0000
                        Rndcg                 \tC\t0.0000
                        binG                  \tD\t0.4206
                        G                     \tD\t0.4206
                        dcg                   \tD\t1.1309
                        ideal_dcg             \tD\t2.1309
                        ndcg                  \tD\t0.5307
                        ndcg_rel              \tD\t0.4828
                        Rndcg                 \tD\t0.5307
                        binG                  \tE\t0.0000
                        G                     \tE\t0.0000
                        dcg                   \tE\t0.0000
                        ideal_dcg             \tE\t2.6309
                        ndcg                  \tE\t0.0000
                        ndcg_rel              \tE\t0.0000
                        Rndcg                 \tE\t0.0000
                        runid                 \tall\tR
                        binG                  \tall\t0.1052
                        G                     \tall\t0.0970
                        dcg                   \tall\t0.4786
                        ideal_dcg             \tall\t2.9780
                        ndcg                  \tall\t0.1398
                        ndcg_rel              \tall\t0.1332
                        Rndcg                 \tall\t0.1470
                        """),
                Arguments.of("-l2 -m runid -m binG -m G -m dcg -m ideal_dcg -m ndcg -m ndcg_rel -m Rndcg qrels.common run", """
                        runid                 \tall\tR
                        binG                  \tall\t0.0554
                        G                     \tall\t0.1404
                        dcg                   \tall\t0.9382
                        ideal_dcg             \tall\t3.0648
                        ndcg                  \tall\t0.2143
                        ndcg_rel              \tall\t0.1921
                        Rndcg                 \tall\t0.0489
                        """),
                Arguments.of("-q -m runid -m G.3=0.5,2=0.7,1=1.2 qrels.common run", """
                        G_3=0.5,2=0.7,1=1.2   \tA\t0.5413
                        G_3=0.5,2=0.7,1=1.2   \tB\t0.0000
                        G_3=0.5,2=0.7,1=1.2   \tD\t0.3596
                        G_3=0.5,2=0.7,1=1.2   \tE\t0.0000
                        runid                 \tall\tR
                        G_3=0.5,2=0.7,1=1.2   \tall\t0.2252
                        """),
                Arguments.of("-q -m runid -m ndcg.2=1.5,3=1.2,1=2.1 qrels.common run", """
                        ndcg_2=1.5,3=1.2,1=2.1\tA\t0.4392
                        ndcg_2=1.5,3=1.2,1=2.1\tB\t0.0000
                        ndcg_2=1.5,3=1.2,1=2.1\tD\t0.4982
                        ndcg_2=1.5,3=1.2,1=2.1\tE\t0.0000
                        runid                 \tall\tR
                        ndcg_2=1.5,3=1.2,1=2.1\tall\t0.2344
                        """),
                Arguments.of("-m runid -m ndcg_rel.0=1,1=-1 qrels.common run", """
                        runid                 \tall\tR
                        ndcg_rel_0=1,1=-1     \tall\t0.6673
                        """),
                Arguments.of("-m runid -m Rndcg.1=2.5,2=2 qrels.common run", """
                        runid                 \tall\tR
                        Rndcg_1=2.5,2=2       \tall\t0.1246
                        """),
                Arguments.of("-m runid -m dcg.-1=5,-2=3 qrels.common run", """
                        runid                 \tall\tR
                        dcg_-1=5,-2=3         \tall\t5.8248
                        """),
                Arguments.of("-m runid -m ideal_dcg.3=-1 qrels.common run", """
                        runid                 \tall\tR
                        ideal_dcg_3=-1        \tall\t2.2386
                        """),
                Arguments.of("-m runid -m ndcg.3=3000000000,1=-0.5 qrels.common run", """
                        runid                 \tall\tR
                        ndcg_3=3000000000,1=-0.5\tall\t81902788.8596
                        """),
                Arguments.of("-m runid -m Rndcg.1=1,1=4 qrels.common run", """
                        runid                 \tall\tR
                        Rndcg_1=1,1=4         \tall\t0.1230
                        """)
);
    }

    @ParameterizedTest(name = "trec_eval {0}")
    @MethodSource("gradedCases")
    void shouldPrintWhatTrecEvalPrintsOnGradedInput(String args, String expected, @TempDir Path dir) throws IOException {
        assertThat(TrecEvalFixturesTest.run(FamilyConformance.gradedInput(dir), args.split(" "))).isEqualTo(expected);
    }

    static Qrels qrels(String text) {
        return TrecEvalTest.qrels(text);
    }

    static Run run(String text) {
        return TrecEvalTest.run(text);
    }

    private static double mean(Qrels q, Run r, String spec, EvalOptions options) {
        Measure m = Measures.parseOne(spec);
        return TrecEval.evaluate(q, r, List.of(m), options).mean(m).orElseThrow();
    }

    private static double mean(Qrels q, Run r, String spec) {
        return mean(q, r, spec, EvalOptions.defaults());
    }

    @Test
    void shouldDiscountBinGByTheNonRelevantRetrievedBeforeEachRelevant() {
        Qrels q = qrels("t 0 d1 1\nt 0 d2 1\nt 0 d3 0\n");
        Run r = run("t Q0 d3 1 4 r\nt Q0 d1 2 3 r\nt Q0 x 3 2 r\nt Q0 d2 4 1 r\n");
        // d1 after one non-relevant: 1 / log2(3); d2 after two: 1 / log2(4); over 2 relevant
        double expected = (1 / (Math.log(3) / Math.log(2)) + 0.5) / 2;
        assertThat(mean(q, r, "binG")).isCloseTo(expected, within(1e-15));
        // with gains 0 and 1, G is binG (as in trec_eval's out.test.a)
        assertThat(mean(q, r, "G")).isCloseTo(expected, within(1e-15));
    }

    @Test
    void shouldOrderGainsLessThanOneApartAsTrecEvalDoesSoNdcgCanExceedOne() {
        // gains 1.5 (level 1) and 1.2 (level 2): trec_eval's comparator (int) (g1 - g2) sees them as equal, and glibc's
        // merge sort leaves level 2 last, so the ideal ranking puts the 1.2 first; trec_eval prints 1.0516
        Qrels q = qrels("t 0 d1 1\nt 0 d2 2\nt 0 d3 0\n");
        Run r = run("t Q0 d1 1 2.0 r\nt Q0 d2 2 1.0 r\n");
        double log3 = Math.log(3) / Math.log(2);
        double value = mean(q, r, "ndcg.1=1.5,2=1.2");
        assertThat(value).isCloseTo((1.5 + 1.2 / log3) / (1.2 + 1.5 / log3), within(1e-15));
        assertThat(TrecEvalReport.fourDecimals(value)).isEqualTo("1.0516");
    }

    @Test
    void shouldGiveZeroWithoutRelevantDocumentsAndTheIdealDcgOfAMissingTopicUnderC() {
        Qrels q = qrels("a 0 d1 2\na 0 d2 0\nb 0 e1 0\nc 0 f1 3\n");
        Run r = run("a Q0 d2 1 2.0 r\na Q0 d1 2 1.0 r\nb Q0 e1 1 1.0 r\n");
        EvalOptions all = new EvalOptions(1, TopicScope.ALL_QRELS);
        for (String spec : List.of("binG", "G", "dcg", "ndcg", "ndcg_rel", "Rndcg")) {
            Measure m = Measures.parseOne(spec);
            RunScores s = TrecEval.evaluate(q, r, List.of(m), all);
            assertThat(s.value(m, "b")).as(spec + " without relevant").isZero();
            assertThat(s.value(m, "c")).as(spec + " missing topic").isZero();
        }
        // trec_eval does not clear ideal_dcg for a topic the run lacks: the stand-in ranking leaves it at 3 / log2(2)
        Measure ideal = Measures.parseOne("ideal_dcg");
        RunScores s = TrecEval.evaluate(q, r, List.of(ideal), all);
        assertThat(s.value(ideal, "c")).isEqualTo(3.0);
        assertThat(s.value(ideal, "b")).isZero();
    }

    @Test
    void shouldDivideRndcgByZeroAsTrecEvalDoesWhenNoGainIsPositive() {
        // every gain 0 (level 1 overridden): no R level is averaged and trec_eval prints the 0/0 NaN
        Qrels q = qrels("t 0 d1 1\nt 0 d2 0\n");
        Run r = run("t Q0 d1 1 2.0 r\nt Q0 d2 2 1.0 r\n");
        assertThat(mean(q, r, "Rndcg.1=0")).isNaN();
        assertThat(mean(q, r, "Rndcg")).isEqualTo(1.0);
    }

    @Test
    void shouldApplyJudgedOnlyAndMaxRetrievedBeforeTheGains() {
        Qrels q = qrels("t 0 d1 1\nt 0 d2 2\n");
        Run r = run("t Q0 x 1 3.0 r\nt Q0 d2 2 2.0 r\nt Q0 d1 3 1.0 r\n");
        // -J drops x: d2, d1 is the ideal order
        assertThat(mean(q, r, "ndcg", new EvalOptions(1, TopicScope.COMMON, true, Long.MAX_VALUE, 0))).isEqualTo(1.0);
        // -M2 keeps x, d2: dcg = 2 / log2(3)
        assertThat(mean(q, r, "dcg", new EvalOptions(1, TopicScope.COMMON, false, 2, 0)))
                .isCloseTo(2 / (Math.log(3) / Math.log(2)), within(1e-15));
        // -N (collection size) changes none of them
        assertThat(mean(q, r, "G", new EvalOptions(1, TopicScope.COMMON, false, Long.MAX_VALUE, 1000))).isEqualTo(mean(q, r, "G"));
    }

    @Test
    void shouldReadGainLevelsAsTrecEvalDoesAndRefuseOtherNames() {
        assertThat(Measures.parseOne("G.+4=10,-1=2").name()).isEqualTo("G_+4=10,-1=2");
        assertThat(Measures.parse("ndcg_cut.10,20,23.4")).extracting(Measure::name)
                .containsExactly("ndcg_cut_10", "ndcg_cut_20", "ndcg_cut_23");
        for (String spec : List.of("ndcg.x=3", "dcg.1.5=2", "ndcg_rel. 1=2", "Rndcg.p=0.5", "ideal_dcg.99999999999999999999=1")) {
            assertThatThrownBy(() -> Measures.parse(spec)).as(spec).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void shouldRoundLog2AsCDoes() {
        // log2 correctly rounded, as glibc gives it; Math.log(x) / Math.log(2) is an ulp off on many of these
        for (double x : new double[] {3, 5, 6, 7, 10, 12, 100, 1000, 1621, 4097, 12345, 0.37, 2.5, 1e-300, 1.0000001, 123456789.125}) {
            BigDecimal exact = ln(new BigDecimal(x)).divide(ln(BigDecimal.valueOf(2)), MathContext.DECIMAL128);
            assertThat(GainFamilies.computeLog2(x)).as("log2(%s)", x).isEqualTo(exact.doubleValue());
        }
        for (int k = -20; k <= 60; k++) {
            assertThat(GainFamilies.log2(Math.scalb(1.0, k))).isEqualTo((double) k);
        }
        for (int i = 1; i < 5000; i++) {
            assertThat(GainFamilies.log2(i)).isEqualTo(GainFamilies.computeLog2(i)).isEqualTo(GainFamilies.log2((double) i));
        }
    }

    /** ln of a positive decimal to 34 digits: scaled into [0.5, 2), then 2 atanh((y - 1) / (y + 1)). */
    private static BigDecimal ln(BigDecimal x) {
        MathContext mc = new MathContext(50);
        int halvings = 0;
        BigDecimal two = BigDecimal.valueOf(2);
        while (x.compareTo(two) >= 0) {
            x = x.divide(two, mc);
            halvings++;
        }
        while (x.compareTo(BigDecimal.valueOf(0.5)) < 0) {
            x = x.multiply(two, mc);
            halvings--;
        }
        BigDecimal lnX = atanhSeries(x, mc);
        if (halvings != 0) {
            lnX = lnX.add(atanhSeries(two, mc).multiply(BigDecimal.valueOf(halvings), mc), mc);
        }
        return lnX.round(MathContext.DECIMAL128);
    }

    private static BigDecimal atanhSeries(BigDecimal y, MathContext mc) {
        BigDecimal z = y.subtract(BigDecimal.ONE).divide(y.add(BigDecimal.ONE), mc);
        BigDecimal z2 = z.multiply(z, mc);
        BigDecimal term = z;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < 200; k++) {
            sum = sum.add(term.divide(BigDecimal.valueOf(2L * k + 1), mc), mc);
            term = term.multiply(z2, mc);
        }
        return sum.multiply(BigDecimal.valueOf(2), mc);
    }
}
