package dev.assay.core.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every alert outcome twice: in the Micrometer counter {@code assay.alerts} tagged
 * {@code severity}, {@code outcome} and {@code channel} ({@code none} for outcomes decided before
 * routing), and in plain adders behind {@link AlertStats}. Retries go to {@code assay.alerts.retries}.
 */
final class Outcomes {
    static final String METRIC = "assay.alerts";
    static final String RETRIES = "assay.alerts.retries";
    static final String NO_CHANNEL = "none";

    private record Key(String channel, Severity severity, AlertOutcome outcome) {}

    private final MeterRegistry registry;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Counter> retryCounters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder[]> perChannel = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
    private final LongAdder queued = new LongAdder();

    Outcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    void queued() {
        queued.increment();
    }

    void record(Alert alert, AlertOutcome outcome, String channel) {
        counters.computeIfAbsent(new Key(channel, alert.severity(), outcome), k -> Counter.builder(METRIC)
                .description("Alerts by severity, outcome and channel")
                .tag("severity", k.severity().name().toLowerCase(Locale.ROOT))
                .tag("outcome", k.outcome().tag())
                .tag("channel", k.channel())
                .register(registry)).increment();
        adders(channel)[outcome.ordinal()].increment();
    }

    void retry(String channel) {
        retryCounters.computeIfAbsent(channel, c -> Counter.builder(RETRIES)
                .description("Delivery attempts retried after a retryable failure")
                .tag("channel", c)
                .register(registry)).increment();
        retries.computeIfAbsent(channel, c -> new LongAdder()).increment();
    }

    /** Counts for one channel, or for {@code null} the sum over every channel and the manager itself. */
    AlertStats stats(String channel) {
        long[] sums = new long[AlertOutcome.values().length];
        long retried = 0;
        for (Map.Entry<String, LongAdder[]> e : perChannel.entrySet()) {
            if (channel != null && !channel.equals(e.getKey())) continue;
            for (int i = 0; i < sums.length; i++) sums[i] += e.getValue()[i].sum();
        }
        for (Map.Entry<String, LongAdder> e : retries.entrySet()) {
            if (channel == null || channel.equals(e.getKey())) retried += e.getValue().sum();
        }
        return new AlertStats(channel == null ? queued.sum() : 0,
                sums[AlertOutcome.DELIVERED.ordinal()], sums[AlertOutcome.DEDUPLICATED.ordinal()],
                sums[AlertOutcome.RATE_LIMITED.ordinal()], sums[AlertOutcome.FAILED.ordinal()],
                sums[AlertOutcome.DROPPED_QUEUE_FULL.ordinal()], sums[AlertOutcome.DROPPED_CLOSED.ordinal()], retried);
    }

    private LongAdder[] adders(String channel) {
        return perChannel.computeIfAbsent(channel, c -> {
            LongAdder[] a = new LongAdder[AlertOutcome.values().length];
            for (int i = 0; i < a.length; i++) a[i] = new LongAdder();
            return a;
        });
    }
}
