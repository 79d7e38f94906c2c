package dev.assay.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.alert.Admission;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.alert.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A contract loaded from YAML, fed a batch of observations, raising its trigger as an alert. */
class ContractAlertingTest {
    @Test
    void shouldRollbackAfterThreeBadWindowsAndAlertOnce() {
        Contract contract = Contracts.parse("""
                name: ranker-v7
                window: 1m
                checks:
                  - name: latency-p90
                    metric: latency_ms
                    statistic: P90
                    comparator: "<="
                    threshold: 250
                    triggers:
                      - consecutive: 3
                        action: ROLLBACK
                        severity: CRITICAL
                """);
        List<Observation> batch = new ArrayList<>();
        for (int minute = 0; minute < 6; minute++) {
            double slow = minute >= 2 ? 400 : 100; // latency regresses from minute 2 on
            for (int i = 0; i < 10; i++) {
                batch.add(new Observation("latency_ms", "canary", Fixtures.T0.plusSeconds(60L * minute + i),
                        i < 5 ? 100 : slow));
            }
        }
        List<Alert> delivered = new ArrayList<>();
        AlertChannel recording = alert -> {
            synchronized (delivered) {
                delivered.add(alert);
            }
        };
        ContractMonitor monitor = ContractMonitor.of(contract);
        try (AlertManager alerts = AlertManager.builder(new SimpleMeterRegistry()).channel("ops", recording).build()) {
            List<TriggerEvent> events = new ArrayList<>();
            for (Window w : Window.tumbling(batch, contract.window())) events.addAll(monitor.observe(w).events());
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo(Action.ROLLBACK);
                assertThat(e.at()).isEqualTo(Fixtures.T0.plus(Duration.ofMinutes(5)));
                assertThat(e.evaluation().evidence().value()).isEqualTo(400);
                assertThat(alerts.fire(e.toAlert("assay-test"))).isEqualTo(Admission.QUEUED);
            });
            assertThat(alerts.close(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(delivered).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.dedupKey()).isEqualTo("ranker-v7/latency-p90/rollback");
        });
    }
}
