package dev.assay.ranking.sustain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.contract.Verdict;
import dev.assay.core.testing.RecordingProgress;
import dev.assay.core.time.ManualClock;
import dev.assay.ranking.release.GuardResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole cycle on seeded synthetic TREC data: audit, coverage, gating and drift. */
class SustainCycleTest {
    @TempDir
    static Path dir;

    static SustainInputs inputs;

    @BeforeAll
    static void data() throws IOException {
        inputs = SyntheticTrec.write(dir, 300, 42).inputs();
    }

    static SustainReport run(SustainConfig cfg, Optional<PreviousGating> previous) {
        SustainCycle.Result r = SustainCycle.run(inputs, cfg, previous, GainModel.ols(), new ManualClock(Instant.parse("2026-11-22T12:00:00Z")));
        assertThat(r).isInstanceOf(SustainCycle.Completed.class);
        return ((SustainCycle.Completed) r).report();
    }

    @Test
    void strongerUpshift_passesTheAuditAndTheGatingMeetsTheBudget() {
        SustainReport r = run(SustainConfig.defaults(10, 1), Optional.empty());
        assertThat(r.topics()).isEqualTo(300);
        assertThat(r.audit().verdict()).isEqualTo(Verdict.PASS);
        // issue 7: every slice TOO_FEW_POINTS leaves coverage unchecked, so the cycle cannot PASS unless the user accepts that
        assertThat(r.outcome()).isEqualTo(SustainReport.Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).contains("4 of 4 coverage slices have too few calibration points");
        SustainReport accepted = run(SustainConfig.defaults(10, 1).withTooFewPoints(SustainConfig.TooFewPoints.WARN), Optional.empty());
        assertThat(accepted.outcome()).isEqualTo(SustainReport.Outcome.PASS);
        var s = r.gating().solution();
        assertThat(s.feasible()).isTrue();
        assertThat(s.meanCost()).isLessThanOrEqualTo(10.0 + 1e-9);
        assertThat(s.meanGain()).isPositive().isCloseTo(s.exactGain(), within(1e-12));
        // the audit's mean paired delta is the mean per-topic gain of always upshifting
        assertThat(((GuardResult.Quality) r.audit().release().guards().get(0)).estimate()).isCloseTo(r.gating().alwaysGain(), within(1e-12));
        // the confounding units are the routing decisions at theta*
        assertThat(r.audit().treated()).isEqualTo((int) Math.round(s.upshiftRate() * 300));
        assertThat(r.audit().confounding().negativeControls()).hasSize(2);
        // 300 topics: 100 training, 100 calibration, 100 test, too few for the band everywhere
        assertThat(r.coverage().training()).isEqualTo(100);
        assertThat(r.coverage().slice(ConformalCoverage.ALL).calibration()).isEqualTo(100);
        assertThat(r.coverage().slices()).allMatch(c -> c.status() == CoverageStatus.TOO_FEW_POINTS);
        assertThat(r.warnings()).anyMatch(w -> w.contains("TOO_FEW_POINTS"));
        assertThat(r.drift()).isEmpty();
    }

    @Test
    void progress_reportsTheAuditAndTheAnalysisSteps_andLeavesTheReportAsItIs() {
        SustainConfig cfg = SustainConfig.defaults(10, 3);
        RecordingProgress progress = new RecordingProgress();
        SustainCycle.Result with = SustainCycle.run(inputs, cfg, Optional.empty(), GainModel.ols(), Optional.empty(),
                new ManualClock(Instant.parse("2026-11-22T12:00:00Z")), progress);
        assertThat(with).isInstanceOf(SustainCycle.Completed.class);
        assertThat(((SustainCycle.Completed) with).report()).isEqualTo(run(cfg, Optional.empty()));
        assertThat(progress.tasks()).extracting(RecordingProgress.Recorded::name).last().isEqualTo(SustainCycle.ANALYSIS_TASK);
        assertThat(progress.tasks()).hasSize(2).allSatisfy(t -> {
            assertThat(t.stepped()).as(t.name()).isEqualTo(t.total());
            assertThat(t.closed()).isTrue();
        });
    }

    @Test
    void sameInputsAndSeed_giveTheSameReport() {
        assertThat(run(SustainConfig.defaults(10, 3), Optional.empty())).isEqualTo(run(SustainConfig.defaults(10, 3), Optional.empty()));
    }

    @Test
    void previousThetaAboveTheNewBudget_isReportedAsDriftOverBudget() {
        SustainReport before = run(SustainConfig.defaults(20, 1), Optional.empty());
        PreviousGating prev = new PreviousGating(before.gating().solution().theta(), before.gating().solution().meanGain(),
                before.gating().solution().meanCost(), 20, 300, Instant.parse("2026-11-01T00:00:00Z"));
        SustainReport now = run(SustainConfig.defaults(5, 1), Optional.of(prev));
        GatingDrift d = now.drift().orElseThrow();
        assertThat(d.thetaDrift()).isEqualTo(now.gating().solution().theta() - prev.theta()).isNegative();
        assertThat(d.gainChange()).isCloseTo(now.gating().solution().meanGain() - prev.meanGain(), within(1e-12));
        // same data: the previous theta reproduces its own gain and cost, which the 5 ms budget no longer allows
        assertThat(d.previousThetaGain()).isCloseTo(prev.meanGain(), within(1e-12));
        assertThat(d.previousThetaCost()).isCloseTo(prev.meanCost(), within(1e-9)).isGreaterThan(5);
        assertThat(d.previousThetaMeetsBudget()).isFalse();
        assertThat(now.warnings()).anyMatch(w -> w.contains("previous theta"));
    }

    @Test
    void runsSharingNoTopic_areInconclusive() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        SyntheticTrec a = SyntheticTrec.write(other, 20, 1);
        Path renamed = other.resolve("renamed.run");
        Files.write(renamed, Files.readAllLines(a.strong()).stream().map(l -> "X" + l).toList());
        SustainInputs in = SustainInputs.load(a.qrels(), a.firstStage(), renamed);
        SustainCycle.Result r = SustainCycle.run(in, SustainConfig.defaults(10, 1), Optional.empty(), GainModel.ols(),
                new ManualClock(Instant.EPOCH));
        assertThat(r).isInstanceOfSatisfying(SustainCycle.Inconclusive.class, i -> assertThat(i.reason()).contains("NO_DATA"));
    }

    @Test
    void tooFewTopicsToFitTheModel_areInconclusive() throws IOException {
        SyntheticTrec a = SyntheticTrec.write(Files.createDirectory(dir.resolve("tiny")), 8, 1);
        SustainCycle.Result r = SustainCycle.run(a.inputs(), SustainConfig.defaults(10, 1), Optional.empty(), GainModel.ols(),
                new ManualClock(Instant.EPOCH));
        assertThat(r).isInstanceOfSatisfying(SustainCycle.Inconclusive.class, i -> assertThat(i.reason()).contains("8 topics"));
    }

    @Test
    void tercilesSplitByRank() {
        String[] t = SustainCycle.terciles(new double[] {0.9, 0.1, 0.5, 0.3, 0.7, 0.2});
        assertThat(Arrays.asList(t)).containsExactly("confidence-high", "confidence-low", "confidence-mid", "confidence-mid",
                "confidence-high", "confidence-low");
    }
}
