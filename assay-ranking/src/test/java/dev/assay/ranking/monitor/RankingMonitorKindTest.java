package dev.assay.ranking.monitor;

import static dev.assay.ranking.monitor.MonitorFixture.MINUTE;
import static dev.assay.ranking.monitor.MonitorFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.monitor.MonitorScheduler;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.registry.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranking monitors on the core lifecycle: defined, fed, run by the scheduler, and resumed after a restart exactly. */
class RankingMonitorKindTest {
    static final String ID = RankingMonitorKind.id("ranker", "v2");

    @TempDir
    Path dir;

    static Monitors monitors(MonitorFixture f) {
        return Monitors.open(f.store, f.clock, List.of(new RankingMonitorKind(new MonitorSinks(f.registry, f.ledger, f.alerts, f.meters))));
    }

    static MonitorConfig limits() {
        return MonitorConfig.builder().qualityMargin(0).resamples(500).build();
    }

    /** Minute {@code w}: 30 queries with gains alternating -0.105 / +0.095 (bootstrap LCB below 0). */
    static List<JsonNode> badMinute(int w) {
        List<JsonNode> out = new ArrayList<>();
        for (int q = 0; q < 30; q++) {
            out.add(QueryObservations.toJson(new QueryObservation(T0.plus(MINUTE.multipliedBy(w)).plusSeconds(q),
                    java.util.OptionalDouble.of(q % 2 == 0 ? -0.105 : 0.095), java.util.OptionalDouble.of(90),
                    java.util.OptionalDouble.empty(), java.util.Optional.empty())));
        }
        return out;
    }

    static List<String> windowEntries(MonitorFixture f) {
        return f.entries(RankingMonitor.WINDOW_KIND).stream().map(e -> e.payload()).toList();
    }

    /** Feeds four bad minutes, ticking after each; with {@code restartAfter} >= 0 the scheduler and kind are rebuilt then. */
    static List<String> run(MonitorFixture f, int restartAfter) {
        Monitors monitors = monitors(f);
        monitors.define(ID, RankingMonitorKind.NAME, RankingMonitorKind.definition("ranker", "v2", limits()));
        MonitorScheduler s = MonitorScheduler.create(f.store, monitors, f.ledger, f.clock, "a", Duration.ofSeconds(15));
        for (int w = 0; w < 4; w++) {
            monitors.ingest(ID, badMinute(w));
            if (w == restartAfter) {
                s.close();
                monitors = monitors(f);
                s = MonitorScheduler.create(f.store, monitors, f.ledger, f.clock, "b", Duration.ofSeconds(15));
            }
            f.clock.set(T0.plus(MINUTE.multipliedBy(w + 1)));
            s.tick();
        }
        s.close();
        return windowEntries(f);
    }

    @Test
    void aMonitorRunByTheScheduler_rollsBackAfterThreeBadWindows_andItsStoredStateSaysSo() {
        try (MonitorFixture f = new MonitorFixture(dir)) {
            List<String> windows = run(f, -1);
            assertThat(windows).hasSize(4);
            assertThat(f.stageOf("v2")).isEqualTo(Stage.RETIRED);
            RankingMonitor.Snapshot snap = RankingMonitor.Snapshot.fromJson(monitors(f).get(ID).orElseThrow().state().orElseThrow());
            MonitorState state = snap.state("ranker", "v2");
            assertThat(state.windows()).isEqualTo(4);
            assertThat(state.observations()).isEqualTo(120);
            assertThat(state.rolledBack()).isTrue();
            assertThat(f.ledger.verify(VerifyMode.FULL).valid()).isTrue();
        }
    }

    @Test
    void aRestartBetweenWindows_changesNothingInTheLedgerOrTheOutcome() {
        List<String> whole;
        try (MonitorFixture f = new MonitorFixture(dir.resolve("whole"))) {
            whole = run(f, -1);
        }
        for (int restart = 0; restart < 3; restart++) {
            try (MonitorFixture f = new MonitorFixture(dir.resolve("restart" + restart))) {
                assertThat(run(f, restart)).as("restart after minute " + restart).isEqualTo(whole);
                assertThat(f.stageOf("v2")).isEqualTo(Stage.RETIRED);
            }
        }
    }

    @Test
    void define_refusesANonCandidateAndBadLimits_withTheReason() {
        try (MonitorFixture f = new MonitorFixture(dir)) {
            Monitors monitors = monitors(f);
            assertThatThrownBy(() -> monitors.define(RankingMonitorKind.id("ranker", "v1"), RankingMonitorKind.NAME,
                    RankingMonitorKind.definition("ranker", "v1", limits()))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("PRIMARY");
            var bad = RankingMonitorKind.definition("ranker", "v2", limits());
            ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("limits")).put("alpha", 2.0).put("colour", "red");
            assertThatThrownBy(() -> monitors.define(ID, RankingMonitorKind.NAME, bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("alpha").hasMessageContaining("colour");
            assertThat(monitors.list()).isEmpty();
        }
    }

    @Test
    void definition_roundTripsEveryLimit() {
        MonitorConfig c = MonitorConfig.builder().window(Duration.ofSeconds(30)).latencyFor(Duration.ofMinutes(7)).alpha(0.01)
                .onNoData(dev.assay.core.contract.GapPolicy.FAIL).build();
        assertThat(RankingMonitorKind.limits(RankingMonitorKind.definition("m", "v", c))).isEqualTo(c);
    }
}
