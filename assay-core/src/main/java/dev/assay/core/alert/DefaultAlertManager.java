package dev.assay.core.alert;

import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link AlertManager}: admission (closed check, dedup, bounded queue) under one short lock, one dispatcher thread, one worker per channel. */
final class DefaultAlertManager implements AlertManager {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);
    private static final long POLL_MILLIS = 50;

    private final Clock clock;
    private final BlockingQueue<Alert> queue;
    private final Deduplicator dedup;
    private final Outcomes outcomes;
    private final List<ChannelWorker> workers = new ArrayList<>();
    private final Duration closeDeadline;
    private final Thread dispatcher;
    private final Object admission = new Object();
    private volatile boolean closing;
    private Boolean closeResult;

    DefaultAlertManager(AlertManager.Builder b) {
        this.clock = b.clock;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.dedup = new Deduplicator(b.dedupWindow, b.dedupMaxKeys);
        this.outcomes = new Outcomes(b.registry);
        this.closeDeadline = b.closeDeadline;
        for (AlertManager.Builder.Route r : b.routes) {
            long channelSeed = b.seed ^ (0x9E3779B97F4A7C15L * (r.name().hashCode() + 1L));
            workers.add(new ChannelWorker(r.name(), r.channel(), r.policy(), b.clock, channelSeed, outcomes, b.threadFactory));
        }
        Gauge.builder(Outcomes.METRIC + ".queued", queue, BlockingQueue::size)
                .description("Alerts waiting for the dispatcher")
                .register(b.registry);
        this.dispatcher = b.threadFactory.newThread(this::dispatch);
        dispatcher.start();
    }

    @Override
    public Admission fire(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        synchronized (admission) {
            if (closing) {
                log.warn("alert {} ({}) dropped: alert manager is closed", alert.id(), alert.severity());
                outcomes.record(alert, AlertOutcome.DROPPED_CLOSED, Outcomes.NO_CHANNEL);
                return Admission.DROPPED_CLOSED;
            }
            if (!dedup.admit(alert, clock.instant())) {
                log.debug("alert {} deduplicated on key {}", alert.id(), alert.dedupKey());
                outcomes.record(alert, AlertOutcome.DEDUPLICATED, Outcomes.NO_CHANNEL);
                return Admission.DEDUPLICATED;
            }
            if (!queue.offer(alert)) {
                log.warn("alert {} ({}) dropped: queue of {} is full", alert.id(), alert.severity(), queue.size());
                outcomes.record(alert, AlertOutcome.DROPPED_QUEUE_FULL, Outcomes.NO_CHANNEL);
                return Admission.DROPPED_QUEUE_FULL;
            }
            outcomes.queued();
            return Admission.QUEUED;
        }
    }

    private void dispatch() {
        try {
            while (true) {
                Alert alert = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (alert == null) {
                    if (closing) return;
                    continue;
                }
                for (ChannelWorker w : workers) w.offer(alert);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public AlertStats stats() {
        return outcomes.stats(null);
    }

    @Override
    public AlertStats stats(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (workers.stream().noneMatch(w -> w.name().equals(channel))) {
            throw new IllegalArgumentException("no channel named " + channel);
        }
        return outcomes.stats(channel);
    }

    @Override
    public synchronized boolean close(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (closeResult != null) return closeResult;
        synchronized (admission) {
            closing = true;
        }
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        boolean drained = true;
        try {
            dispatcher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            if (dispatcher.isAlive()) {
                dispatcher.interrupt();
                dispatcher.join(1000);
            }
            for (ChannelWorker w : workers) drained &= w.awaitIdle(deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        List<Alert> left = new ArrayList<>();
        queue.drainTo(left);
        for (Alert a : left) {
            log.warn("alert {} ({}) dropped: still queued when the alert manager closed", a.id(), a.severity());
            outcomes.record(a, AlertOutcome.DROPPED_CLOSED, Outcomes.NO_CHANNEL);
        }
        drained &= left.isEmpty();
        for (ChannelWorker w : workers) w.stop();
        closeResult = drained;
        return drained;
    }

    @Override
    public void close() {
        close(closeDeadline);
    }
}
