package dev.assay.ranking.metrics;

import static dev.assay.ranking.metrics.FamilyTestSupport.QRELS;
import static dev.assay.ranking.metrics.FamilyTestSupport.QRELS_WITH_D;
import static dev.assay.ranking.metrics.FamilyTestSupport.RUN;
import static dev.assay.ranking.metrics.FamilyTestSupport.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gm_map, Rprec, bpref, gm_bpref, infAP and relstring: every line of theirs in trec_eval's quicktest
 * fixtures, byte for byte, and hand-checked small topics (expected values as trec_eval v10 prints them)
 * under -l, -M, -J and -c.
 */
class RankFamiliesTest {
    private static final Set<String> FAMILIES = Set.of("gm_map", "Rprec", "bpref", "gm_bpref", "infAP", "relstring");
    private static final String[] ALL = {"gm_map", "Rprec", "bpref", "relstring", "infAP", "gm_bpref"};

    /** The quicktest fixtures that print these families (out.test.meas_params has none of them). */
    static Stream<Arguments> fixtures() {
        return FamilyTestSupport.fixtures().filter(a -> !a.get()[0].equals("out.test.meas_params"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void printsTheFixtureLinesOfTheseFamilies(String fixture, String qrels, String run, EvalOptions options, boolean perTopic)
            throws IOException {
        List<String> expected = FamilyTestSupport.fixtureLines(fixture, FAMILIES);
        assertThat(expected).as("lines of these families in " + fixture).isNotEmpty();
        assertThat(FamilyTestSupport.assayLines(expected, qrels, run, options, perTopic)).containsExactlyElementsOf(expected);
    }

    @Test
    void handCheckedTopics() {
        // A: AP (1/2 + 2/6) / 3; Rprec: 1 relevant in the top 3; bpref: r1 after 1 of min(R, 3) = 3 nonrelevant
        // (2/3), r2 after 2 (1/3), over R = 3; infAP: 1/2 + ~0 for r1 (rank 2), 1/6 + 5/6 * 4/5 * ~1/3 for r2 (rank 6),
        // over 3. B: nothing relevant: 0, and MIN_GEO_MEAN for the geometric means. C: c1 (12) shows as '>'.
        assertThat(report(QRELS, RUN, EvalOptions.defaults(), ALL)).isEqualTo("""
                Rprec A 0.3333
                bpref A 0.3333
                relstring A '02-.01'
                infAP A 0.2963
                Rprec B 0.0000
                bpref B 0.0000
                relstring B '0-'
                infAP B 0.0000
                Rprec C 0.6000
                bpref C 0.0000
                relstring C '0>-11'
                infAP C 0.3200
                gm_map all 0.0096
                Rprec all 0.3111
                bpref all 0.1111
                infAP all 0.2054
                gm_bpref all 0.0003
                """);
    }

    @Test
    void geometricMeansAccumulateLogarithmsFlooredAtMinGeoMean() {
        RunScores e = FamilyTestSupport.evaluate(QRELS, RUN, EvalOptions.defaults(), "gm_map", "gm_bpref", "map", "bpref");
        Measure gmMap = Measures.parseOne("gm_map");
        Measure gmBpref = Measures.parseOne("gm_bpref");
        assertThat(RankFamilies.MIN_GEO_MEAN).isEqualTo(1e-5);
        assertThat(e.value(gmMap, "A")).isEqualTo(Math.log((1 / 2.0 + 2 / 6.0) / 3));
        assertThat(e.value(gmMap, "B")).isEqualTo(Math.log(1e-5));
        assertThat(e.value(gmBpref, "C")).as("bpref 0").isEqualTo(Math.log(1e-5));
        double apA = e.value(Measure.map(), "A");
        double apC = e.value(Measure.map(), "C");
        assertThat(e.mean(gmMap).orElseThrow()).isCloseTo(Math.cbrt(apA * 1e-5 * apC), within(1e-15));
        assertThat(gmMap.averaged()).isFalse();
        assertThat(e.trecEvalText(true)).as("gm_* are printed in the summary only").doesNotContain("gm_map                \tA");
    }

    @Test
    void relevanceLevelTwoAndZero() {
        // -l2: only r1 and c1 are relevant. A's bpref: r1 comes after n1, 1 of min(5 nonrelevant, R = 1): 0.
        assertThat(report(QRELS, RUN, new EvalOptions(2, TopicScope.COMMON), ALL)).isEqualTo("""
                Rprec A 0.0000
                bpref A 0.0000
                relstring A '02-.01'
                infAP A 0.5000
                Rprec B 0.0000
                bpref B 0.0000
                relstring B '0-'
                infAP B 0.0000
                Rprec C 0.0000
                bpref C 0.0000
                relstring C '0>-11'
                infAP C 0.5000
                gm_map all 0.0136
                Rprec all 0.0000
                bpref all 0.0000
                infAP all 0.3333
                gm_bpref all 0.0000
                """);
        // -l0: every judged document is relevant; B's b1 then y: Rprec 1/2, bpref 1 (no nonrelevant) over R = 2.
        assertThat(report(QRELS, RUN, new EvalOptions(0, TopicScope.COMMON), ALL)).isEqualTo("""
                Rprec A 0.6667
                bpref A 0.6667
                relstring A '02-.01'
                infAP A 0.6056
                Rprec B 0.5000
                bpref B 0.5000
                relstring B '0-'
                infAP B 0.5000
                Rprec C 0.6667
                bpref C 0.6667
                relstring C '0>-11'
                infAP C 0.5917
                gm_map all 0.5441
                Rprec all 0.6111
                bpref all 0.6111
                infAP all 0.5657
                gm_bpref all 0.6057
                """);
    }

    @Test
    void maxRetrievedAndJudgedOnly() {
        assertThat(report(QRELS, RUN, new EvalOptions(1, TopicScope.COMMON, false, 3, 0), ALL)).isEqualTo("""
                Rprec A 0.3333
                bpref A 0.2222
                relstring A '02-'
                infAP A 0.1667
                Rprec B 0.0000
                bpref B 0.0000
                relstring B '0-'
                infAP B 0.0000
                Rprec C 0.2000
                bpref C 0.0000
                relstring C '0>-'
                infAP C 0.1000
                gm_map all 0.0055
                Rprec all 0.1778
                bpref all 0.0741
                infAP all 0.0889
                gm_bpref all 0.0003
                """);
        // -J: x and u1 dropped, so A is n1 r1 n2 r2 and its relstring '0201'.
        assertThat(report(QRELS, RUN, new EvalOptions(1, TopicScope.COMMON, true, Long.MAX_VALUE, 0), ALL)).isEqualTo("""
                Rprec A 0.3333
                bpref A 0.3333
                relstring A '0201'
                infAP A 0.3333
                Rprec B 0.0000
                bpref B 0.0000
                relstring B '0'
                infAP B 0.0000
                Rprec C 0.6000
                bpref C 0.0000
                relstring C '0>11'
                infAP C 0.3833
                gm_map all 0.0109
                Rprec all 0.3111
                bpref all 0.1111
                infAP all 0.2389
                gm_bpref all 0.0003
                """);
    }

    @Test
    void missingTopicUnderC() {
        // D is evaluated on the stand-in ranking: zeros, an empty relstring, log(MIN_GEO_MEAN) for the geometric means.
        assertThat(report(QRELS_WITH_D, RUN, new EvalOptions(1, TopicScope.ALL_QRELS), ALL)).isEqualTo("""
                Rprec A 0.3333
                bpref A 0.3333
                relstring A '02-.01'
                infAP A 0.2963
                Rprec B 0.0000
                bpref B 0.0000
                relstring B '0-'
                infAP B 0.0000
                Rprec C 0.6000
                bpref C 0.0000
                relstring C '0>-11'
                infAP C 0.3200
                Rprec D 0.0000
                bpref D 0.0000
                relstring D ''
                infAP D 0.0000
                gm_map all 0.0017
                Rprec all 0.2333
                bpref all 0.0833
                infAP all 0.1541
                gm_bpref all 0.0001
                """);
        // With -J too, the stand-in document (outside the pool) is dropped: D retrieves nothing.
        assertThat(report(QRELS_WITH_D, RUN, new EvalOptions(1, TopicScope.ALL_QRELS, true, Long.MAX_VALUE, 0), ALL)).isEqualTo("""
                Rprec A 0.3333
                bpref A 0.3333
                relstring A '0201'
                infAP A 0.3333
                Rprec B 0.0000
                bpref B 0.0000
                relstring B '0'
                infAP B 0.0000
                Rprec C 0.6000
                bpref C 0.0000
                relstring C '0>11'
                infAP C 0.3833
                Rprec D 0.0000
                bpref D 0.0000
                relstring D ''
                infAP D 0.0000
                gm_map all 0.0019
                Rprec all 0.2333
                bpref all 0.0833
                infAP all 0.1792
                gm_bpref all 0.0001
                """);
    }

    @Test
    void relstringLengthIsTheFirstParameterTruncated() {
        assertThat(report(QRELS, RUN, EvalOptions.defaults(), "relstring.3")).isEqualTo("""
                relstring_3 A '02-'
                relstring_3 B '0-'
                relstring_3 C '0>-'
                """);
        assertThat(report(QRELS, RUN, EvalOptions.defaults(), "relstring.2.9")).isEqualTo("""
                relstring_2.9 A '02'
                relstring_2.9 B '0-'
                relstring_2.9 C '0>'
                """);
        assertThat(report(QRELS, RUN, EvalOptions.defaults(), "relstring.-3")).isEqualTo("""
                relstring_-3 A ''
                relstring_-3 B ''
                relstring_-3 C ''
                """);
        Measure relstring = Measures.parseOne("relstring");
        assertThat(relstring.numeric()).isFalse();
        assertThat(FamilyTestSupport.evaluate(QRELS, RUN, EvalOptions.defaults(), "relstring").trecEvalText(false))
                .as("nothing in the summary").doesNotContain("relstring");
    }
}
