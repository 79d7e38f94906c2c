package dev.assay.llm.coordinate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Baseline runs kept for reuse (Caffeine, entries expire a fixed time after they were written), keyed by the SHA-256
 * of everything a baseline depends on: the task's prompt, the baseline's kind and agent (name, model, system prompt,
 * temperature), its number of calls (the coordinated strategy's), the judge's version (none without a judge) and the
 * sample slot (a coordinator keeps that many distinct baselines per key). Hits are counted with the model and judge
 * calls they saved. {@link #none()} keeps nothing. Thread-safe.
 */
public final class BaselineCache {
    /** Default time a baseline is reused. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    /** Default number of baselines kept. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    private final Cache<String, Baseline.Run> cache;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong savedCalls = new AtomicLong();
    private final AtomicLong savedJudgeCalls = new AtomicLong();

    private BaselineCache(Cache<String, Baseline.Run> cache) {
        this.cache = cache;
    }

    /** A cache whose entries live {@code ttl} after being written by {@code ticker}'s time. */
    public static BaselineCache of(Duration ttl, long maxEntries, Ticker ticker) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) throw new InvalidInputException("the baseline cache's TTL must be positive, but was " + ttl);
        if (maxEntries < 1) throw new InvalidInputException("the baseline cache needs room for at least one entry, but was " + maxEntries);
        return new BaselineCache(Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).ticker(Objects.requireNonNull(ticker, "ticker")).build());
    }

    /** A cache with the default TTL and size, on the system's clock. */
    public static BaselineCache defaults() {
        return of(DEFAULT_TTL, DEFAULT_MAX_ENTRIES, Ticker.systemTicker());
    }

    /** A cache that keeps nothing: every baseline is run. */
    public static BaselineCache none() {
        return new BaselineCache(null);
    }

    /** The baseline under {@code key}, from the cache or made by {@code run} (and kept). */
    Baseline.Run get(String key, Supplier<Baseline.Run> run) {
        if (cache == null) {
            misses.incrementAndGet();
            return run.get();
        }
        boolean[] made = new boolean[1];
        Baseline.Run r = cache.get(key, k -> {
            made[0] = true;
            return run.get();
        });
        if (made[0]) {
            misses.incrementAndGet();
        } else {
            hits.incrementAndGet();
            savedCalls.addAndGet(r.calls());
            savedJudgeCalls.addAndGet(r.judgeCalls());
        }
        return r;
    }

    /** The key of a baseline of {@code task} making {@code calls} calls, judged by {@code judgeVersion}, in sample slot {@code slot}. */
    static String key(Baseline baseline, Task task, long calls, String judgeVersion, int slot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : new String[] {"baseline-v1", task.prompt(), baseline.kind().name(), baseline.agent().name(), baseline.agent().model(),
                baseline.agent().systemPrompt(), judgeVersion}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        out.writeBytes(ByteBuffer.allocate(20).putDouble(baseline.agent().temperature()).putLong(calls).putInt(slot).array());
        return Hashing.sha256Hex(out.toByteArray());
    }

    /** Baselines found in the cache. */
    public long hits() {
        return hits.get();
    }

    /** Baselines that had to be run. */
    public long misses() {
        return misses.get();
    }

    /** Model calls the hits did not make. */
    public long savedCalls() {
        return savedCalls.get();
    }

    /** Judge calls the hits did not make. */
    public long savedJudgeCalls() {
        return savedJudgeCalls.get();
    }
}
