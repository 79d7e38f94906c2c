package dev.assay.core.alert;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Delivers alerts to channels without ever blocking the caller: {@link #fire} deduplicates and
 * enqueues into a bounded queue and returns at once; a dispatcher thread routes each alert to every
 * channel's own worker thread. Every outcome is counted (see {@link AlertOutcome}) in the Micrometer
 * counter {@code assay.alerts} and in {@link #stats()}, and every loss is logged with the alert id.
 */
public interface AlertManager extends AutoCloseable {

    /** Deduplicates and enqueues {@code alert}; never blocks. */
    Admission fire(Alert alert);

    /** Counts summed over every channel plus the manager's own (dedup, full queue, closed). */
    AlertStats stats();

    /** Counts for one channel. */
    AlertStats stats(String channel);

    /**
     * Stops accepting alerts and delivers what is queued or being retried until {@code deadline};
     * whatever is still pending then is counted as failed and its thread interrupted. True when
     * everything was drained. Idempotent.
     */
    boolean close(Duration deadline);

    /** {@link #close(Duration)} with the configured close deadline. */
    @Override
    void close();

    /** A builder reporting to {@code registry}. */
    static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /** Configures an {@link AlertManager}; defaults: system UTC clock, seed 0, queue 1,024, dedup window 5 min, close deadline 5 s. */
    final class Builder {
        private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

        final MeterRegistry registry;
        Clock clock = Clock.systemUTC();
        long seed;
        int queueCapacity = 1024;
        Duration dedupWindow = Duration.ofMinutes(5);
        int dedupMaxKeys = 100_000;
        Duration closeDeadline = Duration.ofSeconds(5);
        ThreadFactory threadFactory;
        final List<Route> routes = new ArrayList<>();

        record Route(String name, AlertChannel channel, ChannelPolicy policy) {}

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** The clock of dedup windows and rate limits. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Seed of the retry jitter. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Capacity of the queue between {@link AlertManager#fire} and the dispatcher. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) throw new IllegalArgumentException("queueCapacity must be >= 1, but was " + capacity);
            this.queueCapacity = capacity;
            return this;
        }

        /** Alerts with a dedup key seen less than this long ago (at the same or higher severity) are duplicates; zero disables. */
        public Builder dedupWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isNegative()) throw new IllegalArgumentException("dedupWindow must be >= 0, but was " + window);
            this.dedupWindow = window;
            return this;
        }

        /** Default deadline of {@link AlertManager#close()}. */
        public Builder closeDeadline(Duration deadline) {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative()) throw new IllegalArgumentException("closeDeadline must be >= 0, but was " + deadline);
            this.closeDeadline = deadline;
            return this;
        }

        /** Factory of the dispatcher and channel threads (default: daemon threads named {@code assay-alerts-*}). */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /** Adds a channel under a unique lower-case {@code name} (used as the metric tag). */
        public Builder channel(String name, AlertChannel channel, ChannelPolicy policy) {
            checkChannelName(name);
            routes.add(new Route(name, Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(policy, "policy")));
            return this;
        }

        /** Returns {@code name} if it may name a channel: 1..64 of a-z 0-9 . _ - starting with a letter or digit, not {@code none}. */
        public static String checkChannelName(String name) {
            Objects.requireNonNull(name, "name");
            if (!CHANNEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("channel name must be 1..64 of a-z 0-9 . _ - starting with a letter or digit, but was \"" + name + "\"");
            }
            if (Outcomes.NO_CHANNEL.equals(name)) throw new IllegalArgumentException("channel name \"none\" is reserved");
            return name;
        }

        /** Adds a channel with {@link ChannelPolicy#defaults()}. */
        public Builder channel(String name, AlertChannel channel) {
            return channel(name, channel, ChannelPolicy.defaults());
        }

        /** Builds and starts the manager. */
        public AlertManager build() {
            Set<String> names = new HashSet<>();
            for (Route r : routes) {
                if (!names.add(r.name())) throw new IllegalArgumentException("channel name \"" + r.name() + "\" is used twice");
            }
            if (threadFactory == null) {
                AtomicInteger n = new AtomicInteger();
                threadFactory = r -> {
                    Thread t = new Thread(r, "assay-alerts-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
            }
            return new DefaultAlertManager(this);
        }
    }
}
