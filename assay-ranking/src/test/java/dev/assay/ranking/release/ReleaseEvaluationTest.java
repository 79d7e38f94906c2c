package dev.assay.ranking.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.core.contract.Verdict;
import dev.assay.core.testing.RecordingProgress;
import dev.assay.ranking.metrics.EvalOptions;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.metrics.PairedScores;
import dev.assay.ranking.metrics.TrecEval;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation path shared by the command line and HTTP: same numbers as the gate, names, meters, errors naming the setting. */
class ReleaseEvaluationTest {
    static Qrels qrels() {
        StringBuilder q = new StringBuilder();
        for (int t = 1; t <= 12; t++) for (int d = 0; d < 4; d++) q.append(t).append(" 0 d").append(d).append(' ').append(d == 0 ? 1 : 0).append('\n');
        return Qrels.read(new ByteArrayInputStream(q.toString().getBytes(StandardCharsets.UTF_8)), "qrels");
    }

    /** d0 (the relevant one) at rank 1 on topics where {@code top} holds, else at rank 4. */
    static Run run(String id, java.util.function.IntPredicate top) {
        StringBuilder s = new StringBuilder();
        for (int t = 1; t <= 12; t++) {
            for (int r = 0; r < 4; r++) {
                int d = top.test(t) ? r : (r + 1) % 4;
                s.append(t).append(" Q0 d").append(d).append(' ').append(r + 1).append(' ').append(4 - r).append(' ').append(id).append('\n');
            }
        }
        return Run.read(new ByteArrayInputStream(s.toString().getBytes(StandardCharsets.UTF_8)), id);
    }

    @Test
    void shouldGiveTheGatesNumbersAndCountEachVerdictBySource() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReleaseEvaluation e = ReleaseEvaluation.create(ReleaseGateTest.CLOCK, meters, ReleaseEvaluation.Source.CLI);
        Qrels q = qrels();
        Run prod = run("prod", t -> t % 3 == 0);
        Run cand = run("cand", t -> true);
        ReleaseContract c = ReleaseEvaluation.quickContract("recip_rank", "bootstrap_bca", 0.05, 0.0, 1000, 2L, "--");
        ReleaseReport pass = e.evaluate(q, prod, cand, c, null, "a", "b");
        // 8 of 12 topics go from reciprocal rank 1/4 to 1
        assertThat(((GuardResult.Quality) pass.guards().get(0)).estimate()).isCloseTo(8 * 0.75 / 12, within(1e-12));
        assertThat(pass.verdict()).isEqualTo(Verdict.PASS);
        assertThat(pass.production()).isEqualTo("prod");
        assertThat(pass.evaluatedAt()).isEqualTo(ReleaseGateTest.CLOCK.instant());
        var m = Measures.parse("recip_rank").get(0);
        PairedScores s = PairedScores.align(TrecEval.evaluate(q, cand, List.of(m), EvalOptions.defaults()),
                TrecEval.evaluate(q, prod, List.of(m), EvalOptions.defaults()), m);
        ReleaseReport direct = ReleaseGate.evaluate(c, ReleaseInputs.ofScores(s), "prod", "cand",
                ReleaseGateTest.CLOCK);
        assertThat(pass).isEqualTo(direct);

        assertThat(e.evaluate(q, cand, prod, c, null, "a", "b").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(meters.get(ReleaseEvaluation.EVALUATIONS).tag("verdict", "PASS").tag("source", "cli").counter().count()).isEqualTo(1);
        assertThat(meters.get(ReleaseEvaluation.EVALUATIONS).tag("verdict", "FAIL").tag("source", "cli").counter().count()).isEqualTo(1);
        assertThat(meters.get(ReleaseEvaluation.DURATION).tag("source", "cli").timer().count()).isEqualTo(2);
    }

    @Test
    void progress_coversEverySignFlipAndBootstrapResample_andLeavesTheReportAsItIs() {
        ReleaseEvaluation e = ReleaseEvaluation.create(ReleaseGateTest.CLOCK, new SimpleMeterRegistry(), ReleaseEvaluation.Source.CLI);
        Run prod = run("prod", t -> t % 3 == 0);
        Run cand = run("cand", t -> t % 2 == 0);
        ReleaseContract c = ReleaseEvaluation.quickContract("recip_rank", "bootstrap_bca", 0.05, 0.01, 3000, 5L, "--");
        RecordingProgress progress = new RecordingProgress();
        ReleaseReport with = e.evaluate(qrels(), prod, cand, c, null, "a", "b", progress);
        assertThat(with).isEqualTo(e.evaluate(qrels(), prod, cand, c, null, "a", "b"));
        assertThat(progress.tasks()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo(ReleaseGate.RESAMPLING_TASK);
            assertThat(t.total()).isEqualTo(2 * 3000);
            assertThat(t.stepped()).isEqualTo(t.total());
            assertThat(t.closed()).isTrue();
        });
    }

    @Test
    void shouldNameRankersByTheFallbackLabelsWhenTheRunIdsAreEqual() {
        Run a = run("same", t -> t % 2 == 0);
        Run b = run("same", t -> true);
        ReleaseReport r = ReleaseEvaluation.create(ReleaseGateTest.CLOCK, new SimpleMeterRegistry(), ReleaseEvaluation.Source.HTTP)
                .evaluate(qrels(), a, b, ReleaseEvaluation.quickContract("map", "randomization", 0.05, 0.0, 500, 1L, ""), null,
                        "production", "candidate");
        assertThat(r.production()).isEqualTo("production");
        assertThat(r.candidate()).isEqualTo("candidate");
    }

    @Test
    void shouldAnswerInconclusiveWithNoDataWhenNoTopicIsShared() {
        Run other = Run.read(new ByteArrayInputStream("99 Q0 d0 1 1 other\n".getBytes(StandardCharsets.UTF_8)), "other");
        ReleaseReport r = ReleaseEvaluation.create(ReleaseGateTest.CLOCK, new SimpleMeterRegistry(), ReleaseEvaluation.Source.HTTP)
                .evaluate(qrels(), run("prod", t -> true), other,
                        ReleaseEvaluation.quickContract("ndcg_cut.10", "bootstrap_bca", 0.05, 0.0, 500, 1L, ""), null, "p", "c");
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.guards().get(0).verdict()).isEqualTo(Verdict.NO_DATA);
    }

    @Test
    void quickContract_namesTheSettingWithThePrefixOfItsSource() {
        assertThatThrownBy(() -> ReleaseEvaluation.quickContract("ndcg_at_10", "bootstrap_bca", 0.05, 0.0, 1000, 1L, "--"))
                .isInstanceOf(InvalidInputException.class).hasMessage("--measure: unknown measure 'ndcg_at_10'");
        assertThatThrownBy(() -> ReleaseEvaluation.quickContract("P.5,10", "bootstrap_bca", 0.05, 0.0, 1000, 1L, ""))
                .isInstanceOf(InvalidInputException.class).hasMessage("measure: unknown measure 'P.5,10'");
        assertThatThrownBy(() -> ReleaseEvaluation.quickContract("map", "guess", 0.05, 0.0, 1000, 1L, ""))
                .hasMessageStartingWith("method must be");
        assertThatThrownBy(() -> ReleaseEvaluation.quickContract("map", "bootstrap_bca", 0.6, 0.0, 1000, 1L, "--"))
                .isInstanceOf(InvalidInputException.class).hasMessage("--alpha must be in (0, 0.5), but was 0.6");
        assertThatThrownBy(() -> ReleaseEvaluation.quickContract("map", "bootstrap_bca", 0.05, 0.0, 5, 1L, ""))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("resamples must be in");
    }
}
