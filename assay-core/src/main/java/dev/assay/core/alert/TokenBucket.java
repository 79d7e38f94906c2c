package dev.assay.core.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A token bucket over an injected clock; starts full. A clock that steps back refills nothing. */
final class TokenBucket {
    private final RateLimit limit;
    private final Clock clock;
    private double tokens;
    private Instant last;

    TokenBucket(RateLimit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
        this.tokens = limit.permits();
        this.last = clock.instant();
    }

    /** Takes one token if there is one. */
    synchronized boolean tryAcquire() {
        if (limit.isUnlimited()) return true;
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            Duration elapsed = Duration.between(last, now);
            if (elapsed.compareTo(limit.period()) >= 0) {
                tokens = limit.permits();
            } else {
                tokens = Math.min(limit.permits(), tokens + (double) elapsed.toNanos() * limit.permits() / limit.period().toNanos());
            }
            last = now;
        }
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
