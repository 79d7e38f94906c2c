package dev.assay.ranking.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.NotFoundException;
import dev.assay.core.contract.Verdict;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.registry.Registry;
import dev.assay.core.stats.Binning;
import dev.assay.core.store.Store;
import dev.assay.ranking.metrics.PairedScores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRecordsTest {
    @TempDir
    Path dir;

    @Test
    void record_writesTheDecisionWithItsNumbersToTheLedger() {
        PairedScores s = ReleaseGateTest.scores("ndcg", 40, 0.03, 0.02, 1);
        ReleaseReport report = ReleaseGate.evaluate(ReleaseContract.qualityOnly(s.measure(), QualityMethod.BOOTSTRAP_BCA, 0.05, 0,
                1000, 3), ReleaseInputs.ofScores(s), "v1", "v2", ReleaseGateTest.CLOCK);
        try (Store store = Store.sqlite(dir.resolve("a.db"));
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC())) {
            Registry registry = Registry.open(store, ledger, Clock.systemUTC());
            registry.registerModel("ranker", "search");
            LedgerEntry e = ReleaseRecords.record(ledger, registry, "ranker", report);
            assertThat(e.kind()).isEqualTo(ReleaseRecords.KIND);
            assertThat(e.subject()).isEqualTo("ranker/v2");
            assertThat(e.payload()).contains("\"verdict\":\"PASS\"", "\"production\":\"v1\"", "\"upper\":null", "\"seed\":3");
            assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
        }
    }

    @Test
    void record_refusesAnUnregisteredModelAndWritesNothing() {
        PairedScores s = ReleaseGateTest.scores("ndcg", 40, 0.03, 0.02, 1);
        ReleaseReport report = ReleaseGate.evaluate(ReleaseContract.qualityOnly(s.measure(), QualityMethod.BOOTSTRAP_BCA, 0.05, 0,
                1000, 3), ReleaseInputs.ofScores(s), "v1", "v2", ReleaseGateTest.CLOCK);
        try (Store store = Store.sqlite(dir.resolve("b.db"));
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC())) {
            Registry registry = Registry.open(store, ledger, Clock.systemUTC());
            long head = ledger.headSeq();
            assertThatThrownBy(() -> ReleaseRecords.record(ledger, registry, "nosuch", report))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("model nosuch is not registered");
            assertThat(ledger.headSeq()).isEqualTo(head);
        }
    }

    @Test
    void toJson_writesEveryKindUnderTodaysFieldNames_withNonFiniteNumbersInTheCoreEncoding() {
        Guard.Latency latency = new Guard.Latency("p95", 95, 100, 1);
        Guard.TailRatio tail = new Guard.TailRatio("tail", 2, 1);
        Guard.Overlap overlap = new Guard.Overlap("jaccard", 10, 0.75);
        Guard.CalibrationDrift drift = new Guard.CalibrationDrift("ece", Binning.EQUAL_MASS, 10, 0.02);
        List<GuardResult> results = List.of(
                new GuardResult.Latency(latency, Verdict.FAIL, Double.POSITIVE_INFINITY, 3, "p95"),
                new GuardResult.TailRatio(tail, Verdict.INCONCLUSIVE, Double.NaN, 0, 0, 3, "p95 is 0"),
                new GuardResult.Overlap(overlap, Verdict.PASS, 0.8, 12, "jaccard"),
                new GuardResult.Calibration(drift, Verdict.PASS, 0.01, 0.06, 0.05, 40, "ece"),
                new GuardResult.NoData(new Guard.Latency("p99", 99, 100, 1), "no latency samples"));
        ReleaseReport report = new ReleaseReport("ops", "v1", "v2", ReleaseReport.combine(results), results, 1000, 1,
                ReleaseGateTest.CLOCK.instant());
        JsonNode guards = ReleaseRecords.toJson(report).get("guards");
        List<String> common = List.of("guard", "kind", "verdict", "estimate", "lower", "upper", "threshold", "level", "pValue",
                "adjustedPValue", "samples", "detail");
        for (JsonNode g : guards) assertThat(g.fieldNames()).toIterable().as(g.toString()).containsAll(common);
        assertThat(guards.get(0).get("estimate").asText()).isEqualTo("Infinity");
        assertThat(guards.get(0).get("threshold").asDouble()).isEqualTo(100);
        assertThat(guards.get(0).get("percentile").asDouble()).isEqualTo(95);
        assertThat(guards.get(1).get("estimate").isNull()).isTrue();
        assertThat(guards.get(1).get("kind").asText()).isEqualTo("tail_ratio");
        assertThat(guards.get(2).get("k").asInt()).isEqualTo(10);
        assertThat(guards.get(3).get("candidateEce").asDouble()).isEqualTo(0.06);
        assertThat(guards.get(4).get("kind").asText()).isEqualTo("latency");
        assertThat(guards.get(4).get("verdict").asText()).isEqualTo("NO_DATA");
        assertThat(report.markdown()).contains("| p95 | latency | FAIL | Infinity |", "| p99 | latency | NO_DATA |");
    }
}
