package dev.assay.ranking.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.core.stats.Holm;
import dev.assay.core.testing.RecordingProgress;
import dev.assay.ranking.metrics.TopicScope;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Six topics, one relevant document d1 each (topic 7 is judged but neither run answers it). A ranks
 * d1 at 2, 4, 5, 1, 6, 1 and B at 1, 1, 2, 1, 3, 2, so per topic B - A is, for recip_rank,
 * +1/2, +3/4, +3/10, 0, +1/6, -1/2; for P_1 +1, +1, 0, 0, 0, -1; for P_3 0, +1/3, +1/3, 0, +1/3, 0.
 * Every number below follows from these by hand.
 */
class RunComparisonTest {
    static final int[] RANK_A = {2, 4, 5, 1, 6, 1};
    static final int[] RANK_B = {1, 1, 2, 1, 3, 2};
    static final Qrels QRELS = qrels();
    static final CompareOptions OPTIONS = new CompareOptions(List.of("recip_rank", "P.1,3"), TopicScope.COMMON, 0.05, 2000, 7);

    static Qrels qrels() {
        StringBuilder q = new StringBuilder();
        for (int t = 1; t <= 7; t++) for (int d = 1; d <= 6; d++) q.append(t).append(" 0 d").append(d).append(' ').append(d == 1 ? 1 : 0).append('\n');
        return Qrels.read(new ByteArrayInputStream(q.toString().getBytes(StandardCharsets.UTF_8)), "qrels");
    }

    /** d1 at {@code ranks[t]} among d1..d6 for topics 1..6; in topic 4 run B ranks unjudged e2..e6 after d1. */
    static Run run(String id, int[] ranks) {
        StringBuilder s = new StringBuilder();
        for (int t = 1; t <= 6; t++) {
            int pos = 1;
            for (int slot = 1; slot <= 6; slot++) {
                String doc;
                if (slot == ranks[t - 1]) doc = "d1";
                else doc = (id.equals("B") && t == 4 ? "e" : "d") + (++pos);
                s.append(t).append(" Q0 ").append(doc).append(' ').append(slot).append(' ').append(10 - slot).append(' ').append(id).append('\n');
            }
        }
        return Run.read(new ByteArrayInputStream(s.toString().getBytes(StandardCharsets.UTF_8)), "run" + id);
    }

    static MeasureComparison measure(ComparisonReport r, String name) {
        return r.measures().stream().filter(m -> m.measure().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldCountWinsTiesAndLossesAndTheMeanDeltaPerMeasure() {
        ComparisonReport r = RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), OPTIONS);
        assertThat(r.status()).isEqualTo(ComparisonReport.Status.COMPARED);
        assertThat(r.topics()).isEqualTo(6);
        assertThat(r.measures()).extracting(MeasureComparison::measure).containsExactly("recip_rank", "P_1", "P_3");

        MeasureComparison rr = measure(r, "recip_rank");
        assertThat(rr.meanA()).isCloseTo((1 / 2.0 + 1 / 4.0 + 1 / 5.0 + 1 + 1 / 6.0 + 1) / 6, within(1e-12));
        assertThat(rr.meanB()).isCloseTo((1 + 1 + 1 / 2.0 + 1 + 1 / 3.0 + 1 / 2.0) / 6, within(1e-12));
        assertThat(rr.meanDelta()).isCloseTo((0.5 + 0.75 + 0.3 + 0 + 1 / 6.0 - 0.5) / 6, within(1e-12));
        assertThat(List.of(rr.wins(), rr.ties(), rr.losses())).containsExactly(4, 1, 1);

        MeasureComparison p1 = measure(r, "P_1");
        assertThat(p1.meanDelta()).isCloseTo(1 / 6.0, within(1e-12));
        assertThat(List.of(p1.wins(), p1.ties(), p1.losses())).containsExactly(2, 3, 1);

        MeasureComparison p3 = measure(r, "P_3");
        assertThat(p3.meanDelta()).isCloseTo(1 / 6.0, within(1e-12));
        assertThat(List.of(p3.wins(), p3.ties(), p3.losses())).containsExactly(3, 3, 0);
        // deltas 0 or 1/3, three each: sd = sqrt(6 (1/6)^2 / 5), effect = (1/6) / sd = sqrt(30) / 6
        assertThat(p3.effectSize()).isCloseTo(Math.sqrt(30) / 6, within(1e-12));
        for (MeasureComparison m : r.measures()) {
            assertThat(m.ciLower()).as(m.measure()).isLessThanOrEqualTo(m.meanDelta());
            assertThat(m.ciUpper()).as(m.measure()).isGreaterThanOrEqualTo(m.meanDelta());
        }
        // B ranks five unjudged documents in topic 4: Jaccard@10 there is 1/11, elsewhere 1
        assertThat(r.meanJaccard()).isCloseTo((5 + 1 / 11.0) / 6, within(1e-12));
        assertThat(r.overlapTopics()).isEqualTo(6);
    }

    @Test
    void progress_coversEveryBootstrapResample_andLeavesTheReportAsItIs() {
        RecordingProgress progress = new RecordingProgress();
        ComparisonReport with = RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), OPTIONS, progress);
        assertThat(with).isEqualTo(RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), OPTIONS));
        // six topics: exact sign-flip p-values, so only the three measures' bootstraps are drawn
        assertThat(progress.tasks()).singleElement().satisfies(t -> {
            assertThat(t.total()).isEqualTo(3 * 2000);
            assertThat(t.stepped()).isEqualTo(t.total());
            assertThat(t.closed()).isTrue();
        });
    }

    @Test
    void shouldGiveExactSignFlipPValuesAdjustedByHolmInOrderOfSize() {
        ComparisonReport r = RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), OPTIONS);
        // recip_rank: of the 32 sign patterns of its five non-zero deltas, 12 give |sum| >= the observed 73/60
        assertThat(measure(r, "recip_rank").pValue()).isCloseTo(12 / 32.0, within(1e-12));
        // P_1: +1 +1 -1 re-signed always sums to an odd number, so every pattern is as extreme
        assertThat(measure(r, "P_1").pValue()).isCloseTo(1.0, within(1e-12));
        // P_3: only all-plus and all-minus of three equal deltas reach |sum| = 1
        assertThat(measure(r, "P_3").pValue()).isCloseTo(2 / 8.0, within(1e-12));
        // Holm: P_3 (0.25) x 3 = 0.75; recip_rank max(0.75, 0.375 x 2) = 0.75; P_1 1 x 1 = 1
        assertThat(measure(r, "P_3").holmPValue()).isCloseTo(0.75, within(1e-12));
        assertThat(measure(r, "recip_rank").holmPValue()).isCloseTo(0.75, within(1e-12));
        assertThat(measure(r, "P_1").holmPValue()).isCloseTo(1.0, within(1e-12));
        double[] raw = r.measures().stream().mapToDouble(MeasureComparison::pValue).toArray();
        assertThat(r.measures().stream().mapToDouble(MeasureComparison::holmPValue).toArray()).containsExactly(Holm.adjust(raw));
    }

    @Test
    void shouldTieEveryTopicWhenARunIsComparedWithItself() {
        Run a = run("A", RANK_A);
        ComparisonReport r = RunComparison.compare(QRELS, a, a, OPTIONS);
        for (MeasureComparison m : r.measures()) {
            assertThat(List.of(m.wins(), m.ties(), m.losses())).as(m.measure()).containsExactly(0, 6, 0);
            assertThat(m.meanDelta()).isZero();
            assertThat(m.pValue()).isEqualTo(1.0);
            assertThat(m.effectSize()).isNaN();
            assertThat(m.ciLower()).isZero();
            assertThat(m.ciUpper()).isZero();
        }
        assertThat(r.meanJaccard()).isEqualTo(1.0);
    }

    @Test
    void shouldAverageOverEveryQrelsTopicWithCompleteAveraging() {
        CompareOptions c = new CompareOptions(List.of("recip_rank"), TopicScope.ALL_QRELS, 0.05, 2000, 7);
        ComparisonReport r = RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), c);
        assertThat(r.topics()).isEqualTo(7);
        MeasureComparison rr = measure(r, "recip_rank");
        assertThat(List.of(rr.wins(), rr.ties(), rr.losses())).containsExactly(4, 2, 1);
        assertThat(rr.meanDelta()).isCloseTo((0.5 + 0.75 + 0.3 + 0 + 1 / 6.0 - 0.5) / 7, within(1e-12));
        assertThat(r.overlapTopics()).isEqualTo(6);
    }

    @Test
    void shouldReportNoDataWhenTheRunsShareNoJudgedTopic() {
        Run other = Run.read(new ByteArrayInputStream("99 Q0 d1 1 1.0 X\n".getBytes(StandardCharsets.UTF_8)), "other");
        ComparisonReport r = RunComparison.compare(QRELS, run("A", RANK_A), other, OPTIONS);
        assertThat(r.status()).isEqualTo(ComparisonReport.Status.NO_DATA);
        assertThat(r.measures()).isEmpty();
        assertThat(r.table()).contains("NO_DATA");
        assertThat(r.toJson().get("status").asText()).isEqualTo("NO_DATA");
        assertThat(r.toJson().at("/jaccard/mean").isNull()).isTrue();
    }

    @Test
    void shouldRenderEveryNumberInTheTableAndTheJson() {
        ComparisonReport r = RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), OPTIONS);
        assertThat(r.table()).contains("A: A (runA)", "B: B (runB)", "6 topics", "95% CI", "recip_rank", "4/1/1", "+0.2028",
                "0.3750", "0.7500", "mean Jaccard@10 of A and B: 0.8485 over 6 topics");
        var json = r.toJson();
        assertThat(json.at("/measures/2/measure").asText()).isEqualTo("P_3");
        assertThat(json.at("/measures/2/wins").asInt()).isEqualTo(3);
        assertThat(json.at("/measures/0/holmPValue").asDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(json.at("/measures/1/ciLower").isNumber()).isTrue();
        CompareOptions ninety = new CompareOptions(List.of("map"), TopicScope.COMMON, 0.1, 2000, 7);
        assertThat(RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), ninety).table()).contains("90% BCa", "90% CI");
        CompareOptions odd = new CompareOptions(List.of("map"), TopicScope.COMMON, 0.025, 2000, 7);
        assertThat(RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), odd).table()).contains("97.5% CI");
    }

    @Test
    void shouldRefuseBadOptions() {
        assertThatThrownBy(() -> new CompareOptions(List.of(), TopicScope.COMMON, 0.05, 1000, 1))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new CompareOptions(List.of("map"), TopicScope.COMMON, 1.5, 1000, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new CompareOptions(List.of("map"), TopicScope.COMMON, 0.05, 10, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("resamples");
        CompareOptions unknown = new CompareOptions(List.of("ndcg_at_10"), TopicScope.COMMON, 0.05, 1000, 1);
        assertThatThrownBy(() -> RunComparison.compare(QRELS, run("A", RANK_A), run("B", RANK_B), unknown))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ndcg_at_10");
    }
}
