package dev.assay.core.alert;

import java.util.Objects;

/**
 * How the manager feeds one channel: the least severity it receives, its rate limit, its retry
 * schedule, and how many deliveries may wait for it (queued or between retries) before more are dropped.
 */
public record ChannelPolicy(Severity minSeverity, RateLimit rateLimit, Backoff backoff, int queueCapacity) {
    public ChannelPolicy {
        Objects.requireNonNull(minSeverity, "minSeverity");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(backoff, "backoff");
        if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be >= 1, but was " + queueCapacity);
    }

    /** Every severity, no rate limit, {@link Backoff#defaults()}, 1,000 pending deliveries. */
    public static ChannelPolicy defaults() {
        return new ChannelPolicy(Severity.INFO, RateLimit.unlimited(), Backoff.defaults(), 1000);
    }

    public ChannelPolicy withMinSeverity(Severity minSeverity) {
        return new ChannelPolicy(minSeverity, rateLimit, backoff, queueCapacity);
    }

    public ChannelPolicy withRateLimit(RateLimit rateLimit) {
        return new ChannelPolicy(minSeverity, rateLimit, backoff, queueCapacity);
    }

    public ChannelPolicy withBackoff(Backoff backoff) {
        return new ChannelPolicy(minSeverity, rateLimit, backoff, queueCapacity);
    }

    public ChannelPolicy withQueueCapacity(int queueCapacity) {
        return new ChannelPolicy(minSeverity, rateLimit, backoff, queueCapacity);
    }
}
