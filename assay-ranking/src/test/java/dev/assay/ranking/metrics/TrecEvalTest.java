package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrecEvalTest {
    private static final Measure NDCG = Measure.ndcg();
    private static final Measure MAP = Measure.map();

    static Qrels qrels(String text) {
        return Qrels.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "qrels");
    }

    static Run run(String text) {
        return Run.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "run");
    }

    static double single(Qrels q, Run r, Measure m) {
        return TrecEval.evaluate(q, r, List.of(m), EvalOptions.defaults()).mean(m).orElseThrow();
    }

    @Test
    void shouldGiveFullNdcgWhenTiedRelevantDocWinsTheDocnoTiebreak() {
        Qrels q = qrels("t 0 a 0\nt 0 b 1\nt 0 c 0\n");
        // equal scores: docno descending puts b before a
        assertThat(TrecEvalReport.fourDecimals(single(q, run("t Q0 b 1 1.0 r\nt Q0 a 2 1.0 r\n"), NDCG))).isEqualTo("1.0000");
    }

    @Test
    void shouldDiscountTiedRelevantDocThatLosesTheDocnoTiebreak() {
        Qrels q = qrels("t 0 a 0\nt 0 b 1\nt 0 c 0\n");
        // equal scores: c sorts before b, so b is at rank 2: 1 / log2(3)
        assertThat(TrecEvalReport.fourDecimals(single(q, run("t Q0 b 1 1.0 r\nt Q0 c 2 1.0 r\n"), NDCG))).isEqualTo("0.6309");
    }

    @Test
    void shouldIgnoreTheRankColumn() {
        Qrels q = qrels("t 0 a 1\nt 0 b 0\n");
        double ranked = single(q, run("t Q0 a 1 2.0 r\nt Q0 b 2 1.0 r\n"), MAP);
        double misranked = single(q, run("t Q0 a 2 2.0 r\nt Q0 b 1 1.0 r\n"), MAP);
        assertThat(ranked).isEqualTo(1.0).isEqualTo(misranked);
    }

    @Test
    void shouldApplyGainOverridesPerRelevanceLevel() {
        Qrels q = qrels("t 0 d1 2\nt 0 d2 1\nt 0 d3 0\n");
        Run r = run("t Q0 d2 1 2.0 r\nt Q0 d1 2 1.0 r\n");
        Measure gains = Measures.parse("ndcg.1=3,2=9").getFirst();
        double dcg = 3 / log2(2) + 9 / log2(3);
        double ideal = 9 / log2(2) + 3 / log2(3);
        assertThat(single(q, r, gains)).isCloseTo(dcg / ideal, within(1e-12));
        assertThat(gains.name()).isEqualTo("ndcg_1=3,2=9");
        double plain = (1 / log2(2) + 2 / log2(3)) / (2 / log2(2) + 1 / log2(3));
        assertThat(single(q, r, NDCG)).isCloseTo(plain, within(1e-12));
    }

    @Test
    void shouldCutIdealDcgAtK() {
        Qrels q = qrels("t 0 a 1\nt 0 b 1\nt 0 c 1\n");
        Run r = run("t Q0 x 1 3.0 r\nt Q0 a 2 2.0 r\n");
        double expected = (1 / log2(3)) / (1 / log2(2) + 1 / log2(3));
        assertThat(single(q, r, Measure.ndcgCut(2))).isCloseTo(expected, within(1e-12));
    }

    @Test
    void shouldCountOnlyLevelsAtOrAboveTheRelevanceLevel() {
        Qrels q = qrels("t 0 a 1\nt 0 b 2\nt 0 c -1\n");
        Run r = run("t Q0 a 1 3.0 r\nt Q0 b 2 2.0 r\nt Q0 c 3 1.0 r\n");
        RunScores l1 = TrecEval.evaluate(q, r, List.of(MAP, Measure.precision(3)), EvalOptions.defaults());
        RunScores l2 = TrecEval.evaluate(q, r, List.of(MAP, Measure.precision(3)), new EvalOptions(2, TopicScope.COMMON));
        assertThat(l1.value(MAP, "t")).isEqualTo(1.0);
        assertThat(l1.value(Measure.precision(3), "t")).isCloseTo(2 / 3.0, within(1e-15));
        assertThat(l2.value(MAP, "t")).isEqualTo(0.5);
        assertThat(q.levelCounts("t")).containsExactly(0, 1, 1);
    }

    @Test
    void shouldAverageOverCommonTopicsByDefaultAndOverAllQrelsTopicsWithC() {
        Qrels q = qrels("t1 0 a 1\nt2 0 b 1\n");
        Run r = run("t1 Q0 a 1 1.0 r\nt9 Q0 z 1 1.0 r\n");
        RunScores common = TrecEval.evaluate(q, r, List.of(MAP), EvalOptions.defaults());
        RunScores all = TrecEval.evaluate(q, r, List.of(MAP), new EvalOptions(1, TopicScope.ALL_QRELS));
        assertThat(common.topics()).containsExactly("t1");
        assertThat(common.mean(MAP)).hasValue(1.0);
        assertThat(all.topics()).containsExactly("t1", "t2");
        assertThat(all.perTopic(MAP)).containsExactly(1.0, 0.0);
        assertThat(all.mean(MAP)).hasValue(0.5);
    }

    @Test
    void shouldReportNoDataRatherThanZeroWhenNoTopicIsShared() {
        Qrels q = qrels("t1 0 a 1\n");
        Run r = run("t2 Q0 a 1 1.0 r\n");
        RunScores e = TrecEval.evaluate(q, r, List.of(MAP), new EvalOptions(1, TopicScope.ALL_QRELS));
        assertThat(e.hasData()).isFalse();
        assertThat(e.mean(MAP)).isEmpty();
        assertThat(PairedScores.align(e, e, MAP).size()).as("an empty pairing: NO_DATA for the caller").isZero();
    }

    @Test
    void shouldAlignCandidateAndProductionValuesByTopic() {
        Qrels q = qrels("t1 0 a 1\nt2 0 b 1\nt3 0 c 1\n");
        Run production = run("t1 Q0 a 1 1.0 p\nt2 Q0 x 1 1.0 p\nt3 Q0 c 1 1.0 p\n");
        Run candidate = run("t3 Q0 x 1 1.0 c\nt2 Q0 b 1 1.0 c\n");
        RunScores ce = TrecEval.evaluate(q, candidate, List.of(MAP), EvalOptions.defaults());
        RunScores pe = TrecEval.evaluate(q, production, List.of(MAP), EvalOptions.defaults());
        PairedScores paired = PairedScores.align(ce, pe, MAP);
        assertThat(paired.topics()).containsExactly("t2", "t3");
        assertThat(paired.candidate()).containsExactly(1.0, 0.0);
        assertThat(paired.production()).containsExactly(0.0, 1.0);
        assertThat(paired.deltas()).containsExactly(1.0, -1.0);
    }

    @Test
    void shouldMeasureJaccardOfTopK() {
        Run a = run("t Q0 a 1 4 r\nt Q0 b 2 3 r\nt Q0 c 3 2 r\nt Q0 d 4 1 r\n");
        Run b = run("t Q0 b 1 4 r\nt Q0 e 2 3 r\nt Q0 a 3 2 r\nt Q0 d 4 1 r\n");
        assertThat(Jaccard.atK(a.ranking("t"), b.ranking("t"), 2)).isCloseTo(1 / 3.0, within(1e-15));
        assertThat(Jaccard.atK(a.ranking("t"), b.ranking("t"), 3)).isEqualTo(0.5);
        assertThat(Jaccard.atK(a.ranking("t"), a.ranking("t"), 10)).isEqualTo(1.0);
        assertThat(Jaccard.perTopic(a, b, 4).mean()).isCloseTo(3 / 5.0, within(1e-15));
    }

    @Test
    void shouldParseTrecEvalMeasureSyntaxIntoPrintOrder() {
        List<Measure> ms = Measures.parseAll(List.of("ndcg_cut.10", "P.10,5", "ndcg", "map", "recall.10", "recip_rank"));
        assertThat(ms).extracting(Measure::name)
                .containsExactly("map", "recip_rank", "P_5", "P_10", "recall_10", "ndcg", "ndcg_cut_10");
        assertThat(Measures.parse("P")).hasSize(9);
        assertThatThrownBy(() -> Measures.parse("no_such_measure")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no_such_measure");
        assertThatThrownBy(() -> Measures.parse("P.0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Measures.parse("map.5")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void shouldFormatLikeCPrintfWithExactBinaryRounding() {
        assertThat(TrecEvalReport.fourDecimals(0.03125)).isEqualTo("0.0312"); // exact tie: to even, as glibc
        assertThat(TrecEvalReport.fourDecimals(1.0)).isEqualTo("1.0000");
        assertThat(TrecEvalReport.fourDecimals(0.63092975357)).isEqualTo("0.6309");
        assertThat(TrecEvalReport.fourDecimals(-0.00001)).isEqualTo("-0.0000");
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
