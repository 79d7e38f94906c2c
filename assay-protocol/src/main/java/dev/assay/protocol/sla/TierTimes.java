package dev.assay.protocol.sla;

import java.util.Arrays;

/**
 * A tier's last {@value #WINDOW} run times and their 95th percentile, recomputed every {@value #EVERY} runs (0 until
 * the tier has run once: an untried tier is tried).
 */
final class TierTimes {
    static final int WINDOW = 128;
    static final int EVERY = 16;

    private final long[] ring = new long[WINDOW];
    private int count;
    private int next;
    private volatile long p95;

    synchronized void add(long nanos) {
        ring[next] = Math.max(0, nanos);
        next = (next + 1) % WINDOW;
        count = Math.min(WINDOW, count + 1);
        if (count <= EVERY || next % EVERY == 0) {
            long[] sorted = Arrays.copyOf(ring, count);
            Arrays.sort(sorted);
            p95 = sorted[Math.min(count - 1, (int) Math.ceil(0.95 * count) - 1)];
        }
    }

    long p95() {
        return p95;
    }
}
