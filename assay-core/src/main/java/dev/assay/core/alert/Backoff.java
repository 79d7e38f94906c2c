package dev.assay.core.alert;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Retry schedule for a failing channel: up to {@code maxAttempts} attempts in all; before attempt
 * k + 1 it waits {@code min(maxDelay, initialDelay * multiplier^(k-1)) * (1 + u)} with u uniform in
 * [-jitter, +jitter) from the manager's seeded generator, capped at {@code maxDelay}. Jitter spreads
 * retries of many clients so they do not hit a recovering endpoint in lockstep (M. Brooker,
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 */
public record Backoff(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {
    public Backoff {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
        if (initialDelay.isNegative()) throw new IllegalArgumentException("initialDelay must be >= 0, but was " + initialDelay);
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be finite and >= 1, but was " + multiplier);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be >= initialDelay " + initialDelay + ", but was " + maxDelay);
        }
        if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("jitter must be in [0, 1], but was " + jitter);
    }

    /** 5 attempts, 500 ms doubling to at most 30 s, 20% jitter. */
    public static Backoff defaults() {
        return new Backoff(5, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 0.2);
    }

    /** One attempt, no retry. */
    public static Backoff none() {
        return new Backoff(1, Duration.ZERO, 1.0, Duration.ZERO, 0);
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, but was " + attempt);
        double maxNanos = maxDelay.toNanos();
        double base = Math.min(maxNanos, initialDelay.toNanos() * Math.pow(multiplier, attempt - 1));
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) Math.min(maxNanos, base * factor));
    }
}
