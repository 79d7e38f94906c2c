package dev.assay.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TelemetryTest {
    @Test
    void scrapeIncludesJvmAndProcessMeters() {
        try (Telemetry t = Telemetry.create()) {
            String text = t.scrape();
            assertThat(text).contains("jvm_memory_used_bytes").contains("process_cpu_usage").contains("jvm_threads_live_threads");
        }
    }

    @Test
    void scrapeShowsRecordedTimerOnInjectedClock() {
        MockClock clock = new MockClock();
        try (Telemetry t = Telemetry.withClock(clock)) {
            var timer = t.registry().timer("assay.test.work", "kind", "unit");
            timer.record(250, TimeUnit.MILLISECONDS);
            String text = t.scrape();
            assertThat(text).contains("assay_test_work_seconds_count{kind=\"unit\"} 1")
                    .contains("assay_test_work_seconds_sum{kind=\"unit\"} 0.25")
                    .doesNotContain("jvm_memory");
        }
    }

    @Test
    void healthCheckReportsDownWhenSupplierIsFalse() {
        assertThat(HealthCheck.of("store", () -> true).check()).isEqualTo(Health.up());
        Health down = HealthCheck.of("store", () -> false).check();
        assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.detail()).contains("store");
    }
}
