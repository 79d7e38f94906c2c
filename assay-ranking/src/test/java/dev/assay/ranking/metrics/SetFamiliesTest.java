package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.IOException;
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
 * The set and cutoff families ({@code set_P}, {@code set_relative_P}, {@code set_recall}, {@code set_map},
 * {@code set_F}, {@code num_nonrel_judged_ret}, {@code map_cut}, {@code relative_P}, {@code success}) and the
 * residual ones ({@code yaap}, {@code rbp}, {@code rbp_resid}, {@code unj}) against trec_eval v10.0: every line of
 * theirs in trec_eval's own fixtures, its output on a small graded input (recorded from the trec_eval binary), and
 * hand-checked cases.
 */
class SetFamiliesTest {
    private static final Set<String> FAMILIES = Set.of("set_P", "set_relative_P", "set_recall", "set_map", "set_F",
            "num_nonrel_judged_ret", "map_cut", "relative_P", "success", "yaap", "rbp", "rbp_resid", "unj");
    /** The families above that {@code -m all_trec} includes, with their default parameters. */
    private static final List<String> ALL_TREC = List.of("unj", "rbp", "rbp_resid", "relative_P", "success", "map_cut",
            "set_P", "set_recall", "set_relative_P", "set_map", "set_F", "num_nonrel_judged_ret");

    /** trec_eval's quicktest lines (Makefile): fixture, options, this group's -m arguments, files, lines expected. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("out.test.a", "", ALL_TREC, "qrels.test results.test", 32),
                Arguments.of("out.test.aq", "-q", ALL_TREC, "qrels.test results.test", 128),
                Arguments.of("out.test.aqc", "-q -c", ALL_TREC, "qrels.test results.trunc", 128),
                Arguments.of("out.test.aqcM", "-q -c -M100", ALL_TREC, "qrels.test results.trunc", 128),
                Arguments.of("out.test.aql", "-q -l2", ALL_TREC, "qrels.rel_level results.test", 128),
                Arguments.of("out.test.meas_params", "-q", List.of("success.2,5,20"), "qrels.test results.test", 12));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void shouldPrintEveryFixtureLineOfTheSetAndResidualFamilies(String fixture, String options, List<String> measures,
                                                               String files, int lines) throws IOException {
        assertThat(FamilyConformance.assertFixtureLines(fixture, options, measures, files, FAMILIES)).isEqualTo(lines);
    }

    /** trec_eval's arguments on {@link FamilyConformance#gradedInput} and what trec_eval v10.0 printed. */
    static Stream<Arguments> gradedCases() {
        return Stream.of(
                Arguments.of("-q -m runid -m map_cut.1,4 -m relative_P.2,7 -m success.1,3 -m set_P -m set_relative_P -m set_recall -m set_map -m set_F -m num_nonrel_judged_ret -m rbp -m rbp_resid -m unj.2,12 qrels.common run", """
                        map_cut_1             \tA\t0.0000
                        map_cut_4             \tA\t0.0556
                        relative_P_2          \tA\t0.0000
                        relative_P_7          \tA\t0.5000
                        success_1             \tA\t0.0000
                        success_3             \tA\t1.0000
                        set_P                 \tA\t0.3333
                        set_relative_P        \tA\t0.6667
                        set_recall            \tA\t0.6667
                        set_map               \tA\t0.2222
                        set_F                 \tA\t0.4444
                        num_nonrel_judged_ret \tA\t3
                        rbp                   \tA\t0.1437
                        rbp_resid             \tA\t0.5854
                        unj_2                 \tA\t0.5000
                        unj_12                \tA\t0.4167
                        map_cut_1             \tB\t0.0000
                        map_cut_4             \tB\t0.0000
                        relative_P_2          \tB\t0.0000
                        relative_P_7          \tB\t0.0000
                        success_1             \tB\t0.0000
                        success_3             \tB\t0.0000
                        set_P                 \tB\t0.0000
                        set_relative_P        \tB\t0.0000
                        set_recall            \tB\t0.0000
                        set_map               \tB\t0.0000
                        set_F                 \tB\t0.0000
                        num_nonrel_judged_ret \tB\t1
                        rbp                   \tB\t0.0000
                        rbp_resid             \tB\t0.9000
                        unj_2                 \tB\t0.5000
                        unj_12                \tB\t0.1667
                        map_cut_1             \tD\t0.0000
                        map_cut_4             \tD\t0.3333
                        relative_P_2          \tD\t0.5000
                        relative_P_7          \tD\t0.6667
                        success_1             \tD\t0.0000
                        success_3             \tD\t1.0000
                        set_P                 \tD\t0.5000
                        set_relative_P        \tD\t0.6667
                        set_recall            \tD\t0.6667
                        set_map               \tD\t0.3333
                        set_F                 \tD\t0.5714
                        num_nonrel_judged_ret \tD\t1
                        rbp                   \tD\t0.1629
                        rbp_resid             \tD\t0.7371
                        unj_2                 \tD\t0.0000
                        unj_12                \tD\t0.0833
                        map_cut_1             \tE\t0.0000
                        map_cut_4             \tE\t0.0000
                        relative_P_2          \tE\t0.0000
                        relative_P_7          \tE\t0.0000
                        success_1             \tE\t0.0000
                        success_3             \tE\t0.0000
                        set_P                 \tE\t0.0000
                        set_relative_P        \tE\t0.0000
                        set_recall            \tE\t0.0000
                        set_map               \tE\t0.0000
                        set_F                 \tE\t0.0000
                        num_nonrel_judged_ret \tE\t2
                        rbp                   \tE\t0.0000
                        rbp_resid             \tE\t0.8190
                        unj_2                 \tE\t0.5000
                        unj_12                \tE\t0.0833
                        runid                 \tall\tR
                        map_cut_1             \tall\t0.0000
                        map_cut_4             \tall\t0.0972
                        relative_P_2          \tall\t0.1250
                        relative_P_7          \tall\t0.2917
                        success_1             \tall\t0.0000
                        success_3             \tall\t0.5000
                        set_P                 \tall\t0.2083
                        set_relative_P        \tall\t0.3333
                        set_recall            \tall\t0.3333
                        set_map               \tall\t0.1389
                        set_F                 \tall\t0.2540
                        num_nonrel_judged_ret \tall\t7
                        rbp                   \tall\t0.0766
                        rbp_resid             \tall\t0.7604
                        unj_2                 \tall\t0.3750
                        unj_12                \tall\t0.1875
                        """),
                Arguments.of("-q -c -J -M4 -m runid -m map_cut.2,5 -m relative_P.3,5 -m success.1,5 -m set_P -m set_relative_P -m set_recall -m set_map -m set_F -m num_nonrel_judged_ret -m rbp -m rbp_resid -m unj.3,5 qrels run", """
                        map_cut_2             \tA\t0.0833
                        map_cut_5             \tA\t0.0833
                        relative_P_3          \tA\t0.3333
                        relative_P_5          \tA\t0.2000
                        success_1             \tA\t0.0000
                        success_5             \tA\t1.0000
                        set_P                 \tA\t0.5000
                        set_relative_P        \tA\t0.5000
                        set_recall            \tA\t0.1667
                        set_map               \tA\t0.0833
                        set_F                 \tA\t0.2500
                        num_nonrel_judged_ret \tA\t1
                        rbp                   \tA\t0.0600
                        rbp_resid             \tA\t0.0000
                        unj_3                 \tA\t0.0000
                        unj_5                 \tA\t0.0000
                        map_cut_2             \tB\t0.0000
                        map_cut_5             \tB\t0.0000
                        relative_P_3          \tB\t0.0000
                        relative_P_5          \tB\t0.0000
                        success_1             \tB\t0.0000
                        success_5             \tB\t0.0000
                        set_P                 \tB\t0.0000
                        set_relative_P        \tB\t0.0000
                        set_recall            \tB\t0.0000
                        set_map               \tB\t0.0000
                        set_F                 \tB\t0.0000
                        num_nonrel_judged_ret \tB\t1
                        rbp                   \tB\t0.0000
                        rbp_resid             \tB\t0.0000
                        unj_3                 \tB\t0.0000
                        unj_5                 \tB\t0.0000
                        map_cut_2             \tC\t0.0000
                        map_cut_5             \tC\t0.0000
                        relative_P_3          \tC\t0.0000
                        relative_P_5          \tC\t0.0000
                        success_1             \tC\t0.0000
                        success_5             \tC\t0.0000
                        set_P                 \tC\t0.0000
                        set_relative_P        \tC\t0.0000
                        set_recall            \tC\t0.0000
                        set_map               \tC\t0.0000
                        set_F                 \tC\t0.0000
                        num_nonrel_judged_ret \tC\t0
                        rbp                   \tC\t0.0000
                        rbp_resid             \tC\t0.0000
                        unj_3                 \tC\t0.0000
                        unj_5                 \tC\t0.0000
                        map_cut_2             \tD\t0.1667
                        map_cut_5             \tD\t0.3889
                        relative_P_3          \tD\t0.6667
                        relative_P_5          \tD\t0.6667
                        success_1             \tD\t0.0000
                        success_5             \tD\t1.0000
                        set_P                 \tD\t0.6667
                        set_relative_P        \tD\t0.6667
                        set_recall            \tD\t0.6667
                        set_map               \tD\t0.4444
                        set_F                 \tD\t0.6667
                        num_nonrel_judged_ret \tD\t1
                        rbp                   \tD\t0.1710
                        rbp_resid             \tD\t0.0000
                        unj_3                 \tD\t0.0000
                        unj_5                 \tD\t0.0000
                        map_cut_2             \tE\t0.0000
                        map_cut_5             \tE\t0.0000
                        relative_P_3          \tE\t0.0000
                        relative_P_5          \tE\t0.0000
                        success_1             \tE\t0.0000
                        success_5             \tE\t0.0000
                        set_P                 \tE\t0.0000
                        set_relative_P        \tE\t0.0000
                        set_recall            \tE\t0.0000
                        set_map               \tE\t0.0000
                        set_F                 \tE\t0.0000
                        num_nonrel_judged_ret \tE\t2
                        rbp                   \tE\t0.0000
                        rbp_resid             \tE\t0.0000
                        unj_3                 \tE\t0.0000
                        unj_5                 \tE\t0.0000
                        runid                 \tall\tR
                        map_cut_2             \tall\t0.0500
                        map_cut_5             \tall\t0.0944
                        relative_P_3          \tall\t0.2000
                        relative_P_5          \tall\t0.1733
                        success_1             \tall\t0.0000
                        success_5             \tall\t0.4000
                        set_P                 \tall\t0.2333
                        set_relative_P        \tall\t0.2333
                        set_recall            \tall\t0.1667
                        set_map               \tall\t0.1056
                        set_F                 \tall\t0.1833
                        num_nonrel_judged_ret \tall\t5
                        rbp                   \tall\t0.0462
                        rbp_resid             \tall\t0.0000
                        unj_3                 \tall\t0.0000
                        unj_5                 \tall\t0.0000
                        """),
                Arguments.of("-l2 -m runid -m map_cut.2,5 -m relative_P.3,9 -m success.2,3,50 -m set_P -m set_relative_P -m set_recall -m set_map -m set_F.0.25 -m num_nonrel_judged_ret -m yaap -m rbp_resid.p=0.7 -m unj qrels.common run", """
                        runid                 \tall\tR
                        map_cut_2             \tall\t0.0000
                        map_cut_5             \tall\t0.0208
                        relative_P_3          \tall\t0.0833
                        relative_P_9          \tall\t0.1250
                        success_2             \tall\t0.0000
                        success_3             \tall\t0.2500
                        success_50            \tall\t0.2500
                        set_P                 \tall\t0.0417
                        set_relative_P        \tall\t0.1250
                        set_recall            \tall\t0.1250
                        set_map               \tall\t0.0208
                        set_F_0.25            \tall\t0.0481
                        num_nonrel_judged_ret \tall\t11
                        yaap                  \tall\t-0.4122
                        rbp_resid_p=0.7       \tall\t0.5155
                        unj_5                 \tall\t0.3500
                        unj_10                \tall\t0.2000
                        unj_20                \tall\t0.1125
                        """),
                Arguments.of("-q -c -m runid -m num_nonrel_judged_ret -m yaap -m rbp_resid -m unj qrels run", """
                        num_nonrel_judged_ret \tA\t3
                        yaap                  \tA\t-0.7912
                        rbp_resid             \tA\t0.5854
                        unj_5                 \tA\t0.6000
                        unj_10                \tA\t0.4000
                        unj_20                \tA\t0.2500
                        num_nonrel_judged_ret \tB\t1
                        yaap                  \tB\t0.0000
                        rbp_resid             \tB\t0.9000
                        unj_5                 \tB\t0.4000
                        unj_10                \tB\t0.2000
                        unj_20                \tB\t0.1000
                        num_nonrel_judged_ret \tC\t0
                        yaap                  \tC\t-1.0986
                        rbp_resid             \tC\t0.0000
                        unj_5                 \tC\t0.0000
                        unj_10                \tC\t0.0000
                        unj_20                \tC\t0.0000
                        num_nonrel_judged_ret \tD\t1
                        yaap                  \tD\t-0.4055
                        rbp_resid             \tD\t0.7371
                        unj_5                 \tD\t0.2000
                        unj_10                \tD\t0.1000
                        unj_20                \tD\t0.0500
                        num_nonrel_judged_ret \tE\t2
                        yaap                  \tE\t-1.0986
                        rbp_resid             \tE\t0.8190
                        unj_5                 \tE\t0.2000
                        unj_10                \tE\t0.1000
                        unj_20                \tE\t0.0500
                        runid                 \tall\tR
                        num_nonrel_judged_ret \tall\t7
                        yaap                  \tall\t-0.6788
                        rbp_resid             \tall\t0.6083
                        unj_5                 \tall\t0.2800
                        unj_10                \tall\t0.1600
                        unj_20                \tall\t0.0900
                        """),
                Arguments.of("-q -m runid -m rbp.2=5 qrels.common run", """
                        rbp_2=5               \tA\t0.1348
                        rbp_2=5               \tB\t0.0000
                        rbp_2=5               \tD\t0.0326
                        rbp_2=5               \tE\t0.0000
                        runid                 \tall\tR
                        rbp_2=5               \tall\t0.0418
                        """),
                Arguments.of("-m runid -m rbp.0=-1,p=0.8 qrels.common run", """
                        runid                 \tall\tR
                        rbp_0=-1,p=0.8        \tall\t0.1159
                        """),
                Arguments.of("-m runid -m rbp.p=0.3,p=0.6 qrels.common run", """
                        runid                 \tall\tR
                        rbp_p=0.3,p=0.6       \tall\t0.1153
                        """),
                Arguments.of("-q -m runid -m rbp.-1=2,p=0.5 qrels.common run", """
                        rbp_-1=2,p=0.5        \tA\t0.2909
                        rbp_-1=2,p=0.5        \tB\t0.2500
                        rbp_-1=2,p=0.5        \tD\t0.2812
                        rbp_-1=2,p=0.5        \tE\t0.2500
                        runid                 \tall\tR
                        rbp_-1=2,p=0.5        \tall\t0.2680
                        """),
                Arguments.of("-J -m runid -m rbp.-1=2,p=0.5 qrels.common run", """
                        runid                 \tall\tR
                        rbp_-1=2,p=0.5        \tall\t0.1263
                        """)
);
    }

    @ParameterizedTest(name = "trec_eval {0}")
    @MethodSource("gradedCases")
    void shouldPrintWhatTrecEvalPrintsOnGradedInput(String args, String expected, @TempDir Path dir) throws IOException {
        assertThat(TrecEvalFixturesTest.run(FamilyConformance.gradedInput(dir), args.split(" "))).isEqualTo(expected);
    }

    /** Relevant d1, d2 retrieved at ranks 2 and 4; x (rank 3) is not in the pool. */
    private static final Qrels QRELS = TrecEvalTest.qrels("t 0 d1 1\nt 0 d2 1\nt 0 d3 0\nn 0 e1 0\nn 0 e2 0\n");
    private static final Run RUN = TrecEvalTest.run("t Q0 d3 1 4 r\nt Q0 d1 2 3 r\nt Q0 x 3 2 r\nt Q0 d2 4 1 r\n"
            + "n Q0 e1 1 2 r\nn Q0 y 2 1 r\n");

    private static RunScores scores(String spec, EvalOptions options) {
        return TrecEval.evaluate(QRELS, RUN, Measures.parse(spec), options);
    }

    /** Values of {@code spec} (one per cutoff) for topic {@code topic}. */
    private static double[] values(String spec, String topic, EvalOptions options) {
        RunScores s = scores(spec, options);
        return s.measures().stream().mapToDouble(m -> s.value(m, topic)).toArray();
    }

    private static double[] values(String spec, String topic) {
        return values(spec, topic, EvalOptions.defaults());
    }

    @Test
    void shouldComputeTheSetMeasuresOverTheRetrievedSet() {
        // 4 retrieved, 2 relevant retrieved, 2 relevant, 1 not in the pool
        assertThat(values("set_P", "t")).containsExactly(0.5);
        assertThat(values("set_relative_P", "t")).containsExactly(1.0);
        assertThat(values("set_recall", "t")).containsExactly(1.0);
        assertThat(values("set_map", "t")).containsExactly(0.5);
        assertThat(values("set_F", "t")[0]).isCloseTo(2 * 0.5 / 1.5, within(1e-15));
        assertThat(values("set_F.0.5", "t")[0]).isCloseTo(1.5 * 0.5 / (0.5 * 0.5 + 1), within(1e-15));
        assertThat(values("num_nonrel_judged_ret", "t")).containsExactly(1.0);
        // -M2: d3, d1
        EvalOptions m2 = new EvalOptions(1, TopicScope.COMMON, false, 2, 0);
        assertThat(values("set_P", "t", m2)).containsExactly(0.5);
        assertThat(values("set_recall", "t", m2)).containsExactly(0.5);
        assertThat(values("set_map", "t", m2)).containsExactly(0.25);
        // -J drops x: 3 retrieved
        EvalOptions judged = new EvalOptions(1, TopicScope.COMMON, true, Long.MAX_VALUE, 0);
        assertThat(values("set_P", "t", judged)[0]).isEqualTo(2.0 / 3);
        assertThat(values("num_nonrel_judged_ret", "t", judged)).containsExactly(1.0);
    }

    @Test
    void shouldComputeTheCutoffMeasuresWithTrecEvalsFillIn() {
        assertThat(values("map_cut.1,2,4,10", "t")).containsExactly(0.0, 0.25, 0.5, 0.5);
        assertThat(values("relative_P.1,3,10", "t")).containsExactly(0.0, 0.5, 1.0);
        assertThat(values("success.1,2,100", "t")).containsExactly(0.0, 1.0, 1.0);
        // past the retrieved documents, the missing ranks count as judged
        assertThat(values("unj.1,2,3,4,5", "t")).containsExactly(0.0, 0.0, 1.0 / 3, 0.25, 0.2);
    }

    @Test
    void shouldGiveZeroWithoutRelevantDocuments() {
        for (String spec : List.of("set_P", "set_relative_P", "set_recall", "set_map", "set_F", "map_cut.1,5", "relative_P.1,5",
                "success.1,5", "yaap", "rbp")) {
            assertThat(values(spec, "n")).as(spec).containsOnly(0.0);
        }
        assertThat(values("num_nonrel_judged_ret", "n")).containsExactly(1.0);
        assertThat(values("unj.2", "n")).containsExactly(0.5);
        assertThat(values("rbp_resid", "n")[0]).isCloseTo(0.9 * 0.9 + 0.1 * 0.9, within(1e-15));
    }

    @Test
    void shouldComputeTheResidualMeasures() {
        // yaap: log((1 + 1/2 + 2/4) / (1 + 2 - (1/2 + 2/4))) = log(1)
        assertThat(values("yaap", "t")).containsExactly(0.0);
        // rbp: (1 - p) (p^1 + p^3); rbp_resid: p^4 + (1 - p) p^2, x at rank 3
        assertThat(values("rbp", "t")[0]).isCloseTo(0.1 * (0.9 + 0.729), within(1e-15));
        assertThat(values("rbp_resid", "t")[0]).isCloseTo(0.6561 + 0.1 * 0.81, within(1e-15));
        assertThat(values("rbp.p=0.5", "t")[0]).isCloseTo(0.5 * (0.5 + 0.125), within(1e-15));
        assertThat(values("rbp_resid.p=0.5", "t")[0]).isCloseTo(0.0625 + 0.5 * 0.25, within(1e-15));
        // p given twice: trec_eval keeps the last
        assertThat(values("rbp.p=0.1,p=0.5", "t")).containsExactly(values("rbp.p=0.5", "t"));
        // -J: no document without a judgment, so no residual
        assertThat(values("rbp_resid", "t", new EvalOptions(1, TopicScope.COMMON, true, Long.MAX_VALUE, 0))).containsExactly(0.0);
    }

    @Test
    void shouldRescaleRbpGainsOutsideZeroToOne() {
        Qrels q = TrecEvalTest.qrels("t 0 d1 2\nt 0 d2 1\nt 0 d3 0\n");
        Run r = TrecEvalTest.run("t Q0 d2 1 2.0 r\nt Q0 d1 2 1.0 r\n");
        Measure rbp = Measures.parseOne("rbp");
        // gains 0, 1, 2 become 0, 0.5, 1
        assertThat(TrecEval.evaluate(q, r, List.of(rbp), EvalOptions.defaults()).mean(rbp).orElseThrow())
                .isCloseTo(0.1 * (0.5 + 0.9), within(1e-15));
        // gains -1 (level 0), 1, 2 become 0, 2/3, 1
        Measure shifted = Measures.parseOne("rbp.0=-1");
        assertThat(TrecEval.evaluate(q, r, List.of(shifted), EvalOptions.defaults()).mean(shifted).orElseThrow())
                .isCloseTo(0.1 * (2.0 / 3 + 0.9), within(1e-15));
    }

    @Test
    void shouldNotLetOtherMeasuresChangeRbp() {
        // trec_eval v10 reads m_rbp.c's min and max uninitialised, so its rbp changes with the measure computed before
        // it (ndcg, G, yaap, ... leave values > 1 there); Assay starts both at 0, as trec_eval does with -m all_trec
        Measure rbp = Measures.parseOne("rbp");
        double alone = TrecEval.evaluate(QRELS, RUN, List.of(rbp), EvalOptions.defaults()).mean(rbp).orElseThrow();
        List<Measure> with = new java.util.ArrayList<>(Measures.parseAll(List.of("ndcg", "G", "yaap", "rbp")));
        assertThat(TrecEval.evaluate(QRELS, RUN, with, EvalOptions.defaults()).mean(rbp).orElseThrow()).isEqualTo(alone);
    }

    @Test
    void shouldClearTheMissingTopicsResidualsUnderC() {
        Qrels q = TrecEvalTest.qrels("t 0 d1 1\nu 0 e1 1\n");
        Run r = TrecEvalTest.run("t Q0 d1 1 1.0 r\n");
        List<Measure> ms = Measures.parseAll(List.of("unj", "rbp", "rbp_resid", "yaap", "num_nonrel_judged_ret", "set_P"));
        RunScores s = TrecEval.evaluate(q, r, ms, new EvalOptions(1, TopicScope.ALL_QRELS));
        // the stand-in ranking's one unjudged document is not counted: unj and rbp_resid are cleared, as in trec_eval
        for (Measure m : ms) {
            if (m.family().equals("yaap")) {
                assertThat(s.value(m, "u")).isEqualTo(Math.log(1.0 / 2.0));
            } else {
                assertThat(s.value(m, "u")).as(m.name()).isZero();
            }
        }
    }

    @Test
    void shouldReadPersistenceAndGainsAndRefuseOtherNames() {
        assertThat(Measures.parseOne("rbp.p=0.8,2=1").name()).isEqualTo("rbp_p=0.8,2=1");
        assertThat(Measures.parseOne("rbp_resid.p=0.8").name()).isEqualTo("rbp_resid_p=0.8");
        assertThat(Measures.parseOne("set_F.0.5").name()).isEqualTo("set_F_0.5");
        assertThat(Measures.parse("unj")).extracting(Measure::name).containsExactly("unj_5", "unj_10", "unj_20");
        assertThat(Measures.parse("success")).extracting(Measure::name).containsExactly("success_1", "success_5", "success_10");
        for (String spec : List.of("rbp.q=0.8", "rbp_resid.P=0.8", "rbp.p=x")) {
            assertThatThrownBy(() -> Measures.parse(spec)).as(spec).isInstanceOf(InvalidInputException.class);
        }
    }
}
