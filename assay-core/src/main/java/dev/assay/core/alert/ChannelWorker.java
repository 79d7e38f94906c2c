package dev.assay.core.alert;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one channel from its own single thread, so a slow or hanging channel delays only itself.
 * Filters by minimum severity, applies the channel's token bucket, bounds pending deliveries, and
 * retries retryable failures by rescheduling on the same thread after a seeded, jittered backoff
 * (the thread is free for other alerts meanwhile). Every routed alert ends in exactly one counted
 * outcome: delivered, rate_limited, dropped_queue_full or failed.
 */
final class ChannelWorker {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);

    private final String name;
    private final AlertChannel channel;
    private final ChannelPolicy policy;
    private final TokenBucket bucket;
    private final Random random;
    private final Outcomes outcomes;
    private final ScheduledThreadPoolExecutor executor;
    private final Set<Delivery> pending = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();

    ChannelWorker(String name, AlertChannel channel, ChannelPolicy policy, Clock clock, long seed, Outcomes outcomes,
                  ThreadFactory threads) {
        this.name = name;
        this.channel = channel;
        this.policy = policy;
        this.bucket = new TokenBucket(policy.rateLimit(), clock);
        this.random = new Random(seed);
        this.outcomes = outcomes;
        this.executor = new ScheduledThreadPoolExecutor(1, threads);
        this.executor.setRemoveOnCancelPolicy(true);
    }

    String name() {
        return name;
    }

    /** Routes one alert to this channel; called on the dispatcher thread, never blocks. */
    void offer(Alert alert) {
        if (!alert.severity().isAtLeast(policy.minSeverity())) return;
        if (!bucket.tryAcquire()) {
            log.warn("alert {} not sent to channel {}: rate limit {} per {} exceeded", alert.id(), name,
                    policy.rateLimit().permits(), policy.rateLimit().period());
            outcomes.record(alert, AlertOutcome.RATE_LIMITED, name);
            return;
        }
        if (pending.size() >= policy.queueCapacity()) {
            log.warn("alert {} not sent to channel {}: {} deliveries already pending", alert.id(), name, pending.size());
            outcomes.record(alert, AlertOutcome.DROPPED_QUEUE_FULL, name);
            return;
        }
        Delivery d = new Delivery(alert);
        pending.add(d);
        try {
            executor.execute(d);
        } catch (RejectedExecutionException e) {
            finish(d, AlertOutcome.FAILED, "channel stopped");
        }
    }

    /** Waits until nothing is pending or {@code deadlineNanos} (System.nanoTime) passes; true when idle. */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        synchronized (idle) {
            while (!pending.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** Counts whatever is still pending as failed, stops the thread (interrupting a blocked delivery) and closes the channel. */
    void stop() {
        List<Delivery> left = new ArrayList<>(pending);
        for (Delivery d : left) finish(d, AlertOutcome.FAILED, "abandoned: still pending when close() gave up");
        executor.shutdownNow();
        channel.close();
    }

    private void finish(Delivery d, AlertOutcome outcome, String why) {
        if (!d.done.compareAndSet(false, true)) return;
        if (outcome == AlertOutcome.FAILED) {
            log.error("alert {} ({}) to channel {} failed after {} attempt(s): {}", d.alert.id(), d.alert.severity(), name,
                    d.attempts, why);
        }
        outcomes.record(d.alert, outcome, name);
        pending.remove(d);
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private final class Delivery implements Runnable {
        final Alert alert;
        final AtomicBoolean done = new AtomicBoolean();
        int attempts;

        Delivery(Alert alert) {
            this.alert = alert;
        }

        @Override
        public void run() {
            if (done.get()) return;
            attempts++;
            try {
                channel.deliver(alert);
                finish(this, AlertOutcome.DELIVERED, "");
            } catch (DeliveryException e) {
                if (!e.isRetryable() || attempts >= policy.backoff().maxAttempts()) {
                    finish(this, AlertOutcome.FAILED, e.getMessage());
                    return;
                }
                long delayNanos = policy.backoff().delay(attempts, random).toNanos();
                outcomes.retry(name);
                log.info("alert {} to channel {} failed (attempt {} of {}), retrying in {} ms: {}", alert.id(), name,
                        attempts, policy.backoff().maxAttempts(), delayNanos / 1_000_000, e.getMessage());
                try {
                    executor.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException stopped) {
                    finish(this, AlertOutcome.FAILED, e.getMessage() + "; channel stopped before retry");
                }
            } catch (RuntimeException e) {
                // Thread boundary: a defective channel must cost one counted failure, not the worker.
                log.error("channel {} threw while delivering alert {}", name, alert.id(), e);
                finish(this, AlertOutcome.FAILED, "channel threw " + e);
            }
        }
    }
}
