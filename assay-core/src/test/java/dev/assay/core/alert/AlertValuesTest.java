package dev.assay.core.alert;

import static dev.assay.core.alert.TestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.time.ManualClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AlertValuesTest {

    @Test
    void severities_areOrdered() {
        assertThat(Severity.values()).containsExactly(Severity.INFO, Severity.WARNING, Severity.ERROR, Severity.CRITICAL,
                Severity.EMERGENCY);
        assertThat(Severity.CRITICAL.isAtLeast(Severity.ERROR)).isTrue();
        assertThat(Severity.ERROR.isAtLeast(Severity.ERROR)).isTrue();
        assertThat(Severity.WARNING.isAtLeast(Severity.ERROR)).isFalse();
    }

    @Test
    void alert_sortsAndFreezesItsLabels() {
        Map<String, String> labels = new HashMap<>(Map.of("z", "1", "a", "2"));
        Alert a = new Alert("id", T0, Severity.INFO, "s", "t", "", "k", labels);
        labels.put("b", "3");
        assertThat(a.labels().keySet()).containsExactly("a", "z");
        assertThatThrownBy(() -> a.labels().put("c", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void alert_rejectsBlankFieldsNamingThem() {
        assertThatThrownBy(() -> new Alert(" ", T0, Severity.INFO, "s", "t", "", "k", Map.of()))
                .hasMessageContaining("id must not be blank");
        assertThatThrownBy(() -> new Alert("i", T0, Severity.INFO, "s", "t", "", "", Map.of()))
                .hasMessageContaining("dedupKey must not be blank");
    }

    @Test
    void backoff_isReproducibleForASeed() {
        Backoff b = Backoff.defaults();
        List<Duration> first = new ArrayList<>();
        List<Duration> second = new ArrayList<>();
        Random r1 = new Random(9);
        Random r2 = new Random(9);
        for (int k = 1; k <= 8; k++) {
            first.add(b.delay(k, r1));
            second.add(b.delay(k, r2));
        }
        assertThat(first).isEqualTo(second);
        assertThat(first.getLast()).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Property(tries = 300)
    void backoff_staysWithinItsJitterBandAndCap(@ForAll @IntRange(min = 1, max = 30) int attempt,
                                                @ForAll long seed) {
        Backoff b = new Backoff(10, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5), 0.25);
        double base = Math.min(5000.0, 100.0 * Math.pow(2, attempt - 1));
        double millis = b.delay(attempt, new Random(seed)).toNanos() / 1e6;
        assertThat(millis).isBetween(base * 0.75 - 1e-6, Math.min(5000.0, base * 1.25));
    }

    @Test
    void backoff_rejectsBadSettings() {
        assertThatThrownBy(() -> new Backoff(0, Duration.ZERO, 2, Duration.ZERO, 0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new Backoff(3, Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0)).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new Backoff(3, Duration.ZERO, 0.5, Duration.ZERO, 0)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(3, Duration.ZERO, 2, Duration.ZERO, 1.5)).hasMessageContaining("jitter");
    }

    @Test
    void tokenBucket_allowsABurstThenRefillsWithTheClock() {
        ManualClock clock = new ManualClock(T0);
        TokenBucket bucket = new TokenBucket(RateLimit.of(3, Duration.ofMinutes(1)), clock);
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(19));
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofHours(5));
        for (int i = 0; i < 3; i++) assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofHours(-1));
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void deduplicator_forgetsKeysAfterTheWindowAndBoundsItsMemory() {
        Deduplicator d = new Deduplicator(Duration.ofMinutes(1), 2);
        assertThat(d.admit(TestSupport.alert("1", Severity.INFO, "a"), T0)).isTrue();
        assertThat(d.admit(TestSupport.alert("2", Severity.INFO, "b"), T0)).isTrue();
        assertThat(d.admit(TestSupport.alert("3", Severity.INFO, "c"), T0)).isTrue();
        // "a" was evicted as the eldest of more than two keys, so it is admitted again
        assertThat(d.admit(TestSupport.alert("4", Severity.INFO, "a"), T0)).isTrue();
        assertThat(d.admit(TestSupport.alert("5", Severity.INFO, "c"), T0.plusSeconds(59))).isFalse();
        assertThat(d.admit(TestSupport.alert("6", Severity.INFO, "c"), T0.plusSeconds(60))).isTrue();
    }

    @Test
    void pagerDutySeverities_mapEmergencyToCritical() {
        assertThat(Payloads.pagerDutySeverity(Severity.EMERGENCY)).isEqualTo("critical");
        assertThat(Payloads.pagerDutySeverity(Severity.CRITICAL)).isEqualTo("critical");
        assertThat(Payloads.pagerDutySeverity(Severity.ERROR)).isEqualTo("error");
        assertThat(Payloads.pagerDutySeverity(Severity.WARNING)).isEqualTo("warning");
        assertThat(Payloads.pagerDutySeverity(Severity.INFO)).isEqualTo("info");
    }

    @Test
    void pagerDuty_hashesADedupKeyLongerThanItsLimit() {
        String longKey = "k".repeat(300);
        Alert a = new Alert("i", T0, Severity.ERROR, "s", "t", "d", longKey, Map.of());
        String key = Payloads.pagerDuty(a, "rk").get("dedup_key").asText();
        assertThat(key).startsWith("sha256:").hasSize(7 + 64);
    }

    @Test
    void slack_clipsToBlockLimits() {
        Alert a = new Alert("i", T0, Severity.ERROR, "s", "T".repeat(1000), "D".repeat(10_000), "k", Map.of());
        ObjectNode n = Payloads.slack(a);
        assertThat(n.get("blocks").get(0).get("text").get("text").asText()).hasSize(Payloads.SLACK_HEADER);
        assertThat(n.get("blocks").get(1).get("text").get("text").asText()).hasSize(Payloads.SLACK_SECTION);
    }
}
