package dev.assay.ranking.monitor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.assay.core.ConflictException;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import java.lang.reflect.Proxy;
import static dev.assay.ranking.monitor.MonitorFixture.MINUTE;
import static dev.assay.ranking.monitor.MonitorFixture.T0;
import static dev.assay.ranking.monitor.MonitorFixture.gains;
import static dev.assay.ranking.monitor.MonitorFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.alert.Severity;
import dev.assay.core.contract.Action;
import dev.assay.core.contract.GapPolicy;
import dev.assay.core.contract.Verdict;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.registry.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor end to end over a real SQLite ledger and registry. */
class RankingMonitorTest {
    /** A window whose bootstrap LCB is about -0.035 (below 0) but whose mean (-0.005) is too small for the mSPRT. */
    static final double[] BAD = gains(30, -0.005, 0.1);
    /** A window whose LCB is about +0.07. */
    static final double[] GOOD = gains(30, 0.1, 0.1);
    static final double FAST = 100;

    @TempDir
    Path dir;

    MonitorFixture f;

    @BeforeEach
    void open() {
        f = new MonitorFixture(dir);
    }

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    /** The design's literal rule: margin 0. */
    static MonitorConfig literal() {
        return with(MonitorConfig.defaults(), 0.0, GapPolicy.PAUSE);
    }

    static MonitorConfig with(MonitorConfig d, double margin, GapPolicy onNoData) {
        return new MonitorConfig(d.window(), d.alpha(), d.seed(), 500, d.minQueries(), margin, d.qualityWarnBand(),
                d.qualityStreak(), d.sequentialTauSquared(), d.sequentialBurnIn(), d.emergencyEffect(), d.latencyP95LimitMs(),
                d.latencyFor(), d.latencyWarnPercent(), d.jaccardMin(), d.jaccardEscalateAfter(), d.jaccardEscalation(),
                d.jaccardEscalationAction(), d.maxEce(), d.calibrationBins(), d.calibrationBinning(), d.minCalibrationPairs(),
                onNoData, d.onInconclusive());
    }

    static List<Firing> firings(List<WindowResult> rs) {
        List<Firing> out = new ArrayList<>();
        rs.forEach(r -> out.addAll(r.firings()));
        return out;
    }

    @Test
    void shouldNotRollbackAfterTwoBadWindowsThenAGoodOne() {
        RankingMonitor m = f.monitor(literal());
        List<WindowResult> rs = new ArrayList<>();
        rs.addAll(window(f, m, 0, BAD, FAST));
        rs.addAll(window(f, m, 1, BAD, FAST));
        rs.addAll(window(f, m, 2, GOOD, FAST));
        assertThat(rs).extracting(r -> r.verdict(MonitorEngine.QUALITY)).containsExactly(Verdict.FAIL, Verdict.FAIL, Verdict.PASS);
        assertThat(firings(rs)).isEmpty();
        assertThat(m.state().rolledBack()).isFalse();
        assertThat(m.state().failingWindows()).containsEntry(MonitorEngine.QUALITY, 0);
        assertThat(f.stageOf("v2")).isEqualTo(Stage.CANARY);
    }

    @Test
    void shouldRollbackOnceAfterThreeBadWindowsAndNotAgainOnTheFourth() throws Exception {
        RankingMonitor m = f.monitor(literal());
        assertThat(firings(window(f, m, 0, BAD, FAST))).isEmpty();
        assertThat(firings(window(f, m, 1, BAD, FAST))).isEmpty();
        List<Firing> third = firings(window(f, m, 2, BAD, FAST));
        assertThat(third).singleElement().satisfies(x -> {
            assertThat(x.trigger()).isEqualTo("quality.lcb:critical");
            assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(x.action()).isEqualTo(Action.ROLLBACK);
            assertThat(x.reason()).contains("bootstrap LCB").contains("3 failing windows");
        });
        assertThat(firings(window(f, m, 3, BAD, FAST))).isEmpty();

        assertThat(m.state().rolledBack()).isTrue();
        assertThat(m.state().failingWindows()).containsEntry(MonitorEngine.QUALITY, 4);
        assertThat(f.stageOf("v2")).isEqualTo(Stage.RETIRED);
        assertThat(f.stageOf("v1")).isEqualTo(Stage.PRIMARY);
        List<LedgerEntry> rollbacks = f.entries("registry.deployment.rolled-back");
        assertThat(rollbacks).hasSize(1);
        assertThat(rollbacks.getFirst().payload()).contains("quality.lcb:critical");
        List<LedgerEntry> triggers = f.entries(RankingMonitor.TRIGGER_KIND);
        assertThat(triggers).singleElement().extracting(LedgerEntry::payload).asString().contains("\"rollback\":\"rolled_back\"");
        List<LedgerEntry> windows = f.entries(RankingMonitor.WINDOW_KIND);
        assertThat(windows).hasSize(4);
        JsonNode first = new ObjectMapper().readTree(windows.getFirst().payload());
        assertThat(first.at("/checks/0/check").asText()).isEqualTo("quality.lcb");
        assertThat(first.at("/checks/0/verdict").asText()).isEqualTo("FAIL");
        assertThat(first.at("/checks/0/value").asDouble()).isLessThan(0);
        assertThat(first.at("/checks/0/samples").asInt()).isEqualTo(30);
        assertThat(f.meters.counter("assay.ranking.monitor.rollbacks", "model", "ranker", "version", "v2").count()).isEqualTo(1.0);
        assertThat(f.meters.counter("assay.ranking.monitor.windows", "model", "ranker", "version", "v2",
                "check", "quality.lcb", "verdict", "FAIL").count()).isEqualTo(4.0);
        assertThat(f.meters.get("assay.ranking.monitor.rolled_back").gauge().value()).isEqualTo(1.0);
        assertThat(f.ledger.verify(dev.assay.core.ledger.VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void shouldRollbackWhenP95StaysAboveItsLimitForFiveMinutes() {
        RankingMonitor m = f.monitor(literal());
        for (int i = 0; i < 4; i++) {
            List<WindowResult> rs = window(f, m, i, GOOD, 300);
            assertThat(rs.getFirst().verdict(MonitorEngine.LATENCY)).isEqualTo(Verdict.FAIL);
            assertThat(firings(rs)).as("window %d", i).isEmpty();
        }
        List<Firing> fifth = firings(window(f, m, 4, GOOD, 300));
        assertThat(fifth).singleElement().satisfies(x -> {
            assertThat(x.trigger()).isEqualTo("latency.p95:critical");
            assertThat(x.at()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        });
        assertThat(f.stageOf("v2")).isEqualTo(Stage.RETIRED);
    }

    @Test
    void noDataWindows_pauseTheStreakByDefaultAndResetItWhenConfigured() {
        RankingMonitor paused = f.monitor(literal());
        window(f, paused, 0, BAD, FAST);
        window(f, paused, 1, BAD, FAST);
        List<WindowResult> empty = window(f, paused, 2, new double[0], FAST);
        assertThat(empty).singleElement().satisfies(r -> {
            assertThat(r.observations()).isZero();
            assertThat(r.evaluations()).extracting(e -> e.verdict()).containsOnly(Verdict.NO_DATA);
            assertThat(r.firings()).isEmpty();
        });
        assertThat(firings(window(f, paused, 3, BAD, FAST))).extracting(Firing::trigger).containsExactly("quality.lcb:critical");
    }

    @Test
    void noDataWindow_resetsTheStreakUnderResetPolicy() {
        RankingMonitor reset = f.monitor(with(MonitorConfig.defaults(), 0.0, GapPolicy.RESET));
        window(f, reset, 0, BAD, FAST);
        window(f, reset, 1, BAD, FAST);
        window(f, reset, 2, new double[0], FAST);
        assertThat(firings(window(f, reset, 3, BAD, FAST))).isEmpty();
        assertThat(reset.state().rolledBack()).isFalse();
    }

    @Test
    void tooFewQueries_isInconclusiveAndSkippedWindowsAreHandedOut() {
        RankingMonitor m = f.monitor(literal());
        window(f, m, 0, gains(5, -0.5, 0.01), FAST);
        f.clock.set(T0.plus(MINUTE.multipliedBy(3)));
        List<WindowResult> rs = m.poll();
        assertThat(rs).hasSize(2).allSatisfy(r -> assertThat(r.verdict(MonitorEngine.QUALITY)).isEqualTo(Verdict.NO_DATA));
        WindowResult first = m.state().lastWindow().orElseThrow();
        assertThat(first.start()).isEqualTo(T0.plus(MINUTE.multipliedBy(2)));
        assertThat(m.state().windows()).isEqualTo(3);
        assertThat(f.entries(RankingMonitor.WINDOW_KIND).getFirst().payload()).contains("INCONCLUSIVE");
    }

    @Test
    void warningLevel_isReachableForQualityAndLatency() {
        RankingMonitor m = f.monitor(MonitorConfig.defaults());
        // mean 0, LCB about -0.015: passes the -0.02 margin but lies in the 0.01 band; p95 240 ms is within 10% of 250.
        List<WindowResult> rs = window(f, m, 0, gains(30, 0.0, 0.05), 240);
        WindowResult r = rs.getFirst();
        assertThat(r.evaluation(MonitorEngine.QUALITY).verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.evaluation(MonitorEngine.QUALITY).warning()).isTrue();
        assertThat(r.evaluation(MonitorEngine.LATENCY).warning()).isTrue();
        assertThat(r.firings()).extracting(Firing::trigger).containsExactlyInAnyOrder("quality.lcb:band", "latency.p95:band");
        assertThat(r.firings()).extracting(Firing::severity).containsOnly(Severity.WARNING);
        assertThat(m.state().rolledBack()).isFalse();
        f.alerts.close(Duration.ofSeconds(5));
        assertThat(f.delivered).extracting(a -> a.severity()).containsOnly(Severity.WARNING).hasSize(2);
    }

    @Test
    void lowJaccardWarnsAtOnceAndEscalatesAfterFiveWindows() {
        RankingMonitor m = f.monitor(literal());
        List<List<Firing>> perWindow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant start = T0.plus(MINUTE.multipliedBy(i));
            for (int q = 0; q < 25; q++) {
                m.observe(new QueryObservation(start.plusSeconds(q), OptionalDouble.empty(), OptionalDouble.empty(),
                        OptionalDouble.of(0.6), Optional.empty()));
            }
            f.clock.set(start.plus(MINUTE));
            perWindow.add(firings(m.poll()));
        }
        assertThat(perWindow.get(0)).extracting(Firing::trigger).containsExactly("overlap.jaccard10:warning");
        assertThat(perWindow.get(1)).isEmpty();
        assertThat(perWindow.get(4)).extracting(Firing::trigger).containsExactly("overlap.jaccard10:critical");
        assertThat(m.state().rolledBack()).isFalse();
    }

    @Test
    void calibrationErrorAboveTwoPercentWarnsWithTheBinningNamed() {
        RankingMonitor m = f.monitor(literal());
        for (int q = 0; q < 60; q++) {
            m.observe(new QueryObservation(T0.plusMillis(q * 500L), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), Optional.of(new CalibrationPair(0.9, q % 2 == 0))));
        }
        f.clock.set(T0.plus(MINUTE));
        WindowResult r = m.poll().getFirst();
        assertThat(r.evaluation(MonitorEngine.CALIBRATION).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evaluation(MonitorEngine.CALIBRATION).evidence().value()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.firings()).singleElement().satisfies(x -> {
            assertThat(x.trigger()).isEqualTo("calibration.ece:warning");
            assertThat(x.reason()).contains("EQUAL_WIDTH").contains("K=10");
        });
    }

    @Test
    void sequentialTest_rollsBackAsEmergencyOnALargeRegressionAndOnlyOnce() {
        RankingMonitor m = f.monitor(literal());
        List<Firing> first = firings(window(f, m, 0, gains(40, -0.2, 0.1), FAST));
        assertThat(first).extracting(Firing::trigger).containsExactly("quality.sequential:emergency");
        assertThat(first.getFirst().severity()).isEqualTo(Severity.EMERGENCY);
        assertThat(m.state().sequential().rejected()).isTrue();
        window(f, m, 1, gains(40, -0.2, 0.1), FAST);
        List<Firing> third = firings(window(f, m, 2, gains(40, -0.2, 0.1), FAST));
        assertThat(third).extracting(Firing::trigger).containsExactly("quality.lcb:critical");
        assertThat(f.entries("registry.deployment.rolled-back")).hasSize(1);
        assertThat(f.entries(RankingMonitor.TRIGGER_KIND)).extracting(LedgerEntry::payload)
                .anySatisfy(p -> assertThat(p).contains("quality.lcb:critical").contains("already_rolled_back"));
        assertThat(m.state().rollbackReason()).get().asString().contains("quality.sequential:emergency");
    }

    @Test
    void lateObservations_areCountedAndDropped() {
        RankingMonitor m = f.monitor(literal());
        window(f, m, 0, GOOD, FAST);
        boolean accepted = m.observe(new QueryObservation(T0.plusSeconds(5), OptionalDouble.of(0.1), OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.empty()));
        assertThat(accepted).isFalse();
        assertThat(m.state().late()).isEqualTo(1);
        assertThat(m.state().observations()).isEqualTo(30);
    }

    // Issue 7: which versions a monitor accepts, what it records of idle windows, and a rollback the registry refuses.

    RankingMonitor start(String model, String version) {
        return RankingMonitor.start(model, version, MonitorConfig.defaults(), f.clock, new MonitorSinks(f.registry, f.ledger, f.alerts, f.meters));
    }

    @Test
    void start_refusesPrimaryRetiredAndNeverDeployedVersions_withTheReason() {
        assertThatThrownBy(() -> start("ranker", "v1")).isInstanceOf(ConflictException.class).hasMessageContaining("it is the PRIMARY");
        f.registry.registerVersion("ranker", "v3", new Provenance(new ObjectMapper().createObjectNode(), "sha256:cc", 3, "git:3", T0));
        assertThatThrownBy(() -> start("ranker", "v3")).isInstanceOf(ConflictException.class).hasMessageContaining("never been deployed");
        assertThatThrownBy(() -> start("ranker", "nosuch")).isInstanceOf(NotFoundException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> start("nosuch", "v1")).isInstanceOf(NotFoundException.class).hasMessageContaining("model nosuch");
        f.registry.rollback("ranker", "v2", "test");
        assertThatThrownBy(() -> start("ranker", "v2")).isInstanceOf(ConflictException.class).hasMessageContaining("RETIRED");
        assertThat(f.entries(RankingMonitor.WINDOW_KIND)).isEmpty();
    }

    @Test
    void idleWindows_areNotRecordedOneByOne_butSummarisedInTheNextRecordedWindow() {
        RankingMonitor m = start("ranker", "v2");
        window(f, m, 0, GOOD, FAST);
        f.clock.set(T0.plus(MINUTE.multipliedBy(6)));
        assertThat(m.poll()).hasSize(5);
        List<LedgerEntry> recorded = f.entries(RankingMonitor.WINDOW_KIND);
        assertThat(recorded).hasSize(1);
        window(f, m, 6, GOOD, FAST);
        recorded = f.entries(RankingMonitor.WINDOW_KIND);
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1).payload()).contains("\"idleWindowsBefore\":5");
        assertThat(m.state().windows()).isEqualTo(7);
        assertThat(f.ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    /** The registry refuses (e.g. the candidate was made the first primary meanwhile); the registry here is the real one but for rollback. */
    @Test
    void aRollbackTheRegistryRefuses_isReportedAsRefused_andTheStateDoesNotClaimIt() {
        Registry refusing = (Registry) Proxy.newProxyInstance(Registry.class.getClassLoader(), new Class<?>[] {Registry.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("rollback"))
                        throw new ConflictException("version v2 of model ranker is the first primary: there is no previous primary to roll back to");
                    try {
                        return method.invoke(f.registry, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RankingMonitor m = RankingMonitor.start("ranker", "v2", MonitorConfig.defaults(), f.clock,
                new MonitorSinks(refusing, f.ledger, f.alerts, f.meters));
        for (int i = 0; i < 3; i++) window(f, m, i, BAD, FAST);
        assertThat(m.state().rolledBack()).isFalse();
        assertThat(m.state().rollbackReason()).isEmpty();
        assertThat(m.rollbackFailures()).singleElement().asString().contains("no previous primary");
        assertThat(f.entries(RankingMonitor.TRIGGER_KIND)).anySatisfy(e -> assertThat(e.payload()).contains("\"rollback\":\"refused: "));
        assertThat(f.stageOf("v2")).isEqualTo(Stage.CANARY);
    }
}
