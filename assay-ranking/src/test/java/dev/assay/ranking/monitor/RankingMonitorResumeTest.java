package dev.assay.ranking.monitor;

import static dev.assay.ranking.monitor.MonitorFixture.MINUTE;
import static dev.assay.ranking.monitor.MonitorFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ranking monitor stopped anywhere, written as JSON and resumed, decides exactly as the uninterrupted one. */
class RankingMonitorResumeTest {
    @TempDir
    Path dir;

    /** Twelve minutes of queries whose gain turns negative after minute 4, with slow latencies late on and some late arrivals. */
    static List<QueryObservation> stream() {
        SplittableRandom r = new SplittableRandom(42);
        List<QueryObservation> out = new ArrayList<>();
        for (int i = 0; i < 12 * 40; i++) {
            Instant t = T0.plusMillis(i * 1_500L - (r.nextInt(20) == 0 ? 70_000 : 0));
            double gain = (i < 4 * 40 ? 0.05 : -0.06) + r.nextGaussian() * 0.08;
            double latency = (i > 8 * 40 ? 400 : 90) + r.nextInt(30);
            Optional<CalibrationPair> cal = Optional.of(new CalibrationPair(r.nextDouble(), r.nextBoolean()));
            out.add(new QueryObservation(t.isBefore(T0) ? T0 : t, OptionalDouble.of(gain), OptionalDouble.of(latency),
                    OptionalDouble.of(0.5 + r.nextDouble() / 2), cal));
        }
        return out;
    }

    /** Feeds {@code obs[from, to)}, the clock following query i at T0 + 1.5 s * i; the closed windows as text. */
    static List<String> run(MonitorFixture f, RankingMonitor m, List<QueryObservation> obs, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Instant now = T0.plusMillis(i * 1_500L);
            if (now.isAfter(f.clock.instant())) f.clock.set(now);
            for (WindowResult w : m.poll()) out.add(w.toString());
            m.observe(obs.get(i));
        }
        if (to == obs.size()) {
            f.clock.set(T0.plus(MINUTE.multipliedBy(13)));
            for (WindowResult w : m.poll()) out.add(w.toString());
        }
        return out;
    }

    static List<String> ledger(MonitorFixture f) {
        return f.ledger.page(0, 10_000).stream().filter(e -> e.kind().startsWith("ranking.monitor"))
                .map(e -> e.kind() + " " + e.payload()).toList();
    }

    @Test
    void resumedAtAnyPoint_givesTheSameWindowsLedgerAndStateAsTheUninterruptedMonitor() {
        List<QueryObservation> obs = stream();
        List<String> whole;
        List<String> wholeLedger;
        MonitorState wholeState;
        try (MonitorFixture f = new MonitorFixture(dir.resolve("whole"))) {
            RankingMonitor m = f.monitor(MonitorConfig.defaults());
            whole = run(f, m, obs, 0, obs.size());
            wholeLedger = ledger(f);
            wholeState = m.state();
        }
        assertThat(wholeState.rolledBack()).as("the stream must exercise a rollback").isTrue();
        for (int cut : new int[] {0, 37, 160, 161, 250, 333, obs.size() - 1}) {
            try (MonitorFixture f = new MonitorFixture(dir.resolve("cut" + cut))) {
                RankingMonitor first = f.monitor(MonitorConfig.defaults());
                List<String> got = new ArrayList<>(run(f, first, obs, 0, cut));
                RankingMonitor.Snapshot snap = RankingMonitor.Snapshot.fromJson(first.snapshot().toJson());
                RankingMonitor second = RankingMonitor.resume("ranker", "v2", MonitorConfig.defaults(), f.clock,
                        new MonitorSinks(f.registry, f.ledger, f.alerts, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), snap);
                got.addAll(run(f, second, obs, cut, obs.size()));
                assertThat(got).as("cut at " + cut).isEqualTo(whole);
                assertThat(ledger(f)).as("cut at " + cut).isEqualTo(wholeLedger);
                assertThat(second.state()).as("cut at " + cut).isEqualTo(wholeState);
            }
        }
    }
}
