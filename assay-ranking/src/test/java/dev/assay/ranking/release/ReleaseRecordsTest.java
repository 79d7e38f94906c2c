package dev.assay.ranking.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.registry.Registry;
import dev.assay.core.store.Store;
import dev.assay.ranking.metrics.PairedScores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
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
}
