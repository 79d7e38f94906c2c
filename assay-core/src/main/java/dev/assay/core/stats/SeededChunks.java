package dev.assay.core.stats;

import dev.assay.core.progress.Progress;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Runs Monte Carlo draws in fixed-size chunks on the common fork-join pool. Chunk c draws from the c-th
 * {@link SplittableRandom#split()} of a generator seeded with the caller's seed, so the draws, and
 * therefore every result, are the same whatever the number of threads.
 */
final class SeededChunks {
    /** Draws per chunk; small enough to balance two cores on 10,000 draws, large enough to amortise a task. */
    static final int CHUNK = 256;

    private SeededChunks() {
    }

    /** Work on draws [from, to) with a generator owned by this chunk. */
    @FunctionalInterface
    interface Fill {
        void run(int from, int to, SplittableRandom rng);
    }

    /** Counting work on draws [from, to); the counts of all chunks are summed. */
    @FunctionalInterface
    interface Count {
        long run(int from, int to, SplittableRandom rng);
    }

    /** Runs {@code task} over every draw, stepping {@code progress} by each chunk's draws as the chunk completes. */
    static void fill(int total, long seed, Progress.Task progress, Fill task) {
        SplittableRandom[] rngs = generators(total, seed);
        IntStream.range(0, rngs.length).parallel().forEach(c -> {
            int from = c * CHUNK;
            int to = Math.min(total, from + CHUNK);
            task.run(from, to, rngs[c]);
            progress.step(to - from);
        });
    }

    /** Sums {@code task}'s counts over every draw, stepping {@code progress} by each chunk's draws as the chunk completes. */
    static long count(int total, long seed, Progress.Task progress, Count task) {
        SplittableRandom[] rngs = generators(total, seed);
        return IntStream.range(0, rngs.length).parallel().mapToLong(c -> {
            int from = c * CHUNK;
            int to = Math.min(total, from + CHUNK);
            long n = task.run(from, to, rngs[c]);
            progress.step(to - from);
            return n;
        }).sum();
    }

    private static SplittableRandom[] generators(int total, long seed) {
        int chunks = (total + CHUNK - 1) / CHUNK;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] rngs = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) {
            rngs[c] = root.split();
        }
        return rngs;
    }

    /**
     * Uniform index in [0, bound) from 32 random bits, Lemire's multiply-shift with rejection
     * (ACM TOMACS 29(1), 2019): unbiased, and a division only in the rare rejection branch.
     */
    static int index(SplittableRandom rng, int bound) {
        return index(rng, rng.nextInt() & 0xFFFFFFFFL, bound);
    }

    /** As {@link #index(SplittableRandom, int)}, starting from 32 random bits already drawn (in the low half of {@code bits}). */
    static int index(SplittableRandom rng, long bits, int bound) {
        long m = bits * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (rng.nextInt() & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }
}
